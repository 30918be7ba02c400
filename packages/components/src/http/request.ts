import { defineAction, StepError } from "@interflow/sdk";
import { type RequestConfig, requestConfigSchema } from "./config";
import { requestPlanOf } from "./request-plan";
import { acceptResponse } from "./response";
import { sendRequest } from "./send";

function serialiseBody(body: unknown, label: string): string {
  try {
    return JSON.stringify(body) ?? "null";
  } catch (err) {
    throw new StepError(`${label} not sent: the message body cannot be serialised as JSON: ${(err as Error).message}`, { cause: err });
  }
}

export const request = defineAction<RequestConfig>({
  title: "Send an HTTP request",
  description:
    "Sends the message body as JSON to a URL and emits the response as { status, headers, body }. " +
    "Network failures, 408, 429 and 5xx answers are retried; other answers fail the message.",
  config: requestConfigSchema,
  process: async (ctx) => {
    const plan = requestPlanOf(ctx.config);
    const body = plan.sendsBody ? serialiseBody(ctx.message.body, plan.label) : undefined;
    // the same message id on every attempt lets the receiver drop a retried duplicate
    const headers = { ...plan.headers, "idempotency-key": ctx.message.id };
    const response = await sendRequest({ plan, headers, body, signal: ctx.signal });
    ctx.emit.data(acceptResponse(response, plan.label));
  },
});
