import { defineAction, StepError } from "@interflow/sdk";
import { HTTP_METHODS, type RequestConfig, requestConfigSchema } from "./config";
import { requestPlanFor } from "./authorised-plan";
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
    "With a credential, every request signs in with it. " +
    "Network failures, 408, 429 and 5xx answers are retried; other answers fail the message (401 and 403 also mark the step's credential as refused).",
  config: requestConfigSchema,
  help: {
    description: "Sends each message to an HTTP API. The step's mapping shapes the body; the response goes on to the next step.",
    link: "components/http#request",
  },
  fields: [
    {
      key: "method",
      label: "Method",
      type: "select",
      options: HTTP_METHODS.map((m) => ({ value: m, label: m })),
      default: "POST",
      help: { description: "GET and DELETE send no body." },
    },
    {
      key: "url",
      label: "URL",
      type: "text",
      required: true,
      placeholder: "https://api.example.com/orders",
      help: { description: "An absolute http:// or https:// URL. Sign in with the step's credential rather than with secrets in the URL.", link: "components/http#url" },
    },
    {
      key: "headers",
      label: "Headers",
      type: "key-value",
      help: {
        description:
          "Extra request headers. Content-Type replaces the default application/json; Idempotency-Key is set for you, and so is the header of the step's credential.",
      },
    },
    { key: "timeoutMs", label: "Timeout", type: "number", unit: "ms", min: 1, max: 600_000, default: 30_000, help: { description: "For the whole request, from connecting to the last byte." } },
  ],
  input: {
    fields: [],
    additional: true,
    help: { description: "The JSON body sent to the URL: map each field you want to send (for GET and DELETE, nothing is sent).", link: "components/http#request" },
  },
  process: async (ctx) => {
    // with the step's credential applied (a header, or the API key in the query)
    const plan = requestPlanFor(ctx.config, ctx.credential);
    const body = plan.sendsBody ? serialiseBody(ctx.message.body, plan.label) : undefined;
    // the same message id on every attempt lets the receiver drop a retried duplicate
    const headers = { ...plan.headers, "idempotency-key": ctx.message.id };
    const response = await sendRequest({ plan, headers, body, signal: ctx.signal });
    ctx.emit.data(acceptResponse(response, plan.label));
  },
});
