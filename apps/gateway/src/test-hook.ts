import type { IncomingMessage, ServerResponse } from "node:http";
import { builtinComponents } from "@interflow/components";
import { addTestRequest, type Redis, readWebhookListener } from "@interflow/queue";
import { reply } from "./reply";
import { parseQuery } from "./request-body";
import { takeTriggerRequest } from "./trigger-request";

/** `/test-hook/<flowId>[/path][?query]`: the test URL the designer shows while it retrieves a sample. */
export const TEST_HOOK_PATH = /^\/test-hook\/([A-Za-z0-9_-]+)(\/[^?]*)?(?:\?(.*))?$/;

/**
 * A test request: parsed by the trigger the designer listens with (same body limit and refusals
 * as a webhook) and kept for the designer. It never reaches the flow's queues, so it works whether
 * the flow is stopped or running.
 */
export async function handleTestRequest(p: {
  req: IncomingMessage;
  res: ServerResponse;
  match: RegExpExecArray;
  redis: Redis;
  bodyLimit: number;
}): Promise<void> {
  const { req, res, match, redis } = p;
  const flowId = match[1] as string;
  const listener = await readWebhookListener({ redis, flowId });
  const trigger = listener && builtinComponents.find((c) => c.name === listener.component)?.functions[listener.function];
  if (!listener || trigger?.kind !== "trigger" || !trigger.parseRequest) {
    req.resume();
    return reply(res, 404, { error: `nobody is listening for test requests to flow ${flowId}: press "Retrieve sample" on the trigger in the designer first` });
  }
  // a sample is taken as the running flow would take the request: the same refusals
  const config = trigger.config.parse(listener.config);
  const head = { method: req.method ?? "POST", path: match[2] || "/", query: parseQuery(match[3] ?? ""), headers: req.headers };
  const taken = await takeTriggerRequest({ req, res, trigger, config, head, bodyLimit: p.bodyLimit });
  if (!taken) return;
  const parsed = taken.message;
  await addTestRequest({ redis, flowId, request: { body: parsed.body, headers: parsed.headers, receivedAt: new Date().toISOString() } });
  reply(res, 200, { received: true, message: "sample received: the designer shows it" });
}
