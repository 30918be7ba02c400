import type { IncomingMessage, ServerResponse } from "node:http";
import { builtinComponents, judgeHead, judgeSignature, withoutCredentials } from "@interflow/components";
import { addTestRequest, openTestHookAuth, type Redis, readWebhookListener, type WebhookListener } from "@interflow/queue";
import { reply } from "./reply";
import { parseQuery } from "./request-body";
import { takeTriggerRequest } from "./trigger-request";

/** `/test-hook/<flowId>[/path][?query]`: the test URL the designer shows while it retrieves a sample. */
export const TEST_HOOK_PATH = /^\/test-hook\/([A-Za-z0-9_-]+)(\/[^?]*)?(?:\?(.*))?$/;

/**
 * A test request: parsed by the trigger the designer listens with (same body limit and refusals
 * as a webhook, and the same sender authentication: 401 without it) and kept for the designer. It
 * never reaches the flow's queues, so it works whether the flow is stopped or running.
 */
export async function handleTestRequest(p: {
  req: IncomingMessage;
  res: ServerResponse;
  match: RegExpExecArray;
  redis: Redis;
  bodyLimit: number;
  /** opens the sender authentication the web app sealed for the test URL */
  webhookKey: string | undefined;
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
  const credential = listener.auth && openAuth(flowId, listener, p.webhookKey);
  if (typeof credential === "string") {
    req.resume();
    return reply(res, 503, { error: `the test URL checks who sends, and cannot now: ${credential}` }, { "retry-after": "60" });
  }
  if (credential) {
    const verdict = judgeHead(head, credential, Date.now());
    if (!verdict.ok) {
      req.resume();
      return reply(res, 401, { error: verdict.message }, { ...verdict.headers, connection: "close" });
    }
  }
  const authenticate = credential
    ? async (body: Buffer) => {
        const verdict = judgeSignature({ ...head, body }, credential, Date.now());
        return verdict.ok ? { head: withoutCredentials(head, credential) } : { refused: verdict.message, headers: verdict.headers };
      }
    : undefined;
  const taken = await takeTriggerRequest({ req, res, trigger, config, head, bodyLimit: p.bodyLimit, authenticate });
  if (!taken) return;
  const parsed = taken.message;
  await addTestRequest({ redis, flowId, request: { body: parsed.body, headers: parsed.headers, receivedAt: new Date().toISOString() } });
  reply(res, 200, { received: true, message: "sample received: the designer shows it" });
}

/** The listener's sealed credential opened, or why it cannot be (refused with 503 then, never taken unchecked). */
function openAuth(flowId: string, listener: WebhookListener, webhookKey: string | undefined) {
  const auth = listener.auth;
  if (!auth?.sealed) return auth?.problem ?? "the sender authentication was not handed over";
  if (!webhookKey) return "this gateway has no INTERFLOW_WEBHOOK_KEY";
  try {
    return openTestHookAuth({ webhookKey, listener: { flowId, ...listener }, sealed: auth.sealed });
  } catch {
    return "the sender authentication does not open with this gateway's webhook key";
  }
}
