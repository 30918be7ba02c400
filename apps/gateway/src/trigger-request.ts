import type { IncomingMessage, ServerResponse } from "node:http";
import type { TriggerFunction, WebhookMessage, WebhookRequest } from "@interflow/sdk";
import { reply } from "./reply";
import { BodyTooLargeError, readBody, refusedRequest } from "./request-body";

/**
 * A webhook request taken as its trigger takes it (the flow's webhook and the designer's test URL
 * alike): judged by its method and headers first (a refusal reads none of the body), then its body
 * read within the limit and parsed. Answers a refusal itself and gives undefined; otherwise the
 * message the trigger made of it, with the bytes of the body it came in.
 */
export async function takeTriggerRequest(p: {
  req: IncomingMessage;
  res: ServerResponse;
  trigger: TriggerFunction<unknown>;
  config: unknown;
  head: Omit<WebhookRequest, "body">;
  bodyLimit: number;
  /**
   * judges the request once its body is read (a signature), before the trigger parses it: a refusal
   * is answered 401 and nothing is made of the body; `head` is what the message may carry of the
   * request (without what the sender authenticated with)
   */
  authenticate?: (body: Buffer) => Promise<{ refused: string; status?: 401 | 429; headers?: Record<string, string> } | { head: Omit<WebhookRequest, "body"> }>;
}): Promise<{ message: WebhookMessage; bytes: number } | undefined> {
  const { req, res, trigger, config } = p;
  let head = p.head;
  const refused = refusedRequest(() => trigger.acceptRequest?.(head, config));
  if (refused) {
    req.resume();
    reply(res, refused.status, { error: refused.message }, { ...refused.headers, connection: "close" });
    return undefined;
  }
  let body: Buffer;
  try {
    body = await readBody(req, p.bodyLimit);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    reply(res, 413, { error: error.message }, { connection: "close" });
    return undefined;
  }
  if (p.authenticate) {
    const verdict = await p.authenticate(body);
    if ("refused" in verdict) {
      reply(res, verdict.status ?? 401, { error: verdict.refused }, verdict.headers);
      return undefined;
    }
    head = verdict.head;
  }
  const parse = trigger.parseRequest;
  if (!parse) throw new Error("the trigger takes no webhooks (it has no parseRequest)");
  let parsed: WebhookMessage | undefined;
  const unparsable = refusedRequest(() => {
    parsed = parse({ ...head, body }, config);
  });
  if (unparsable) reply(res, unparsable.status, { error: unparsable.message }, unparsable.headers);
  return parsed && { message: parsed, bytes: body.length };
}
