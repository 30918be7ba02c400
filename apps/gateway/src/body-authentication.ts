import { judgeSignature, needsBody, type WebhookCredential, withoutCredentials } from "@interflow/components";
import { keys, type Redis } from "@interflow/queue";
import type { WebhookRequest } from "@interflow/sdk";
import type { OverRate } from "./webhook-rates";

/**
 * The part of a webhook's authentication that needs its body (a signature), for takeTriggerRequest:
 * the signature judged, then taken once within its window (a captured request sent again is
 * refused — before everyone's rate, so copies of one captured request cannot use it up), then, for
 * a flow whose senders sign, a token from everyone's bucket. `unmark` gives the signature back when
 * the message is not queued after all (refused for the rate, 409, a failure): the sender's retry is
 * then taken.
 */
export function bodyAuthentication(p: {
  redis: Redis;
  flowId: string;
  head: Omit<WebhookRequest, "body">;
  credential: WebhookCredential;
  takeFlowRate: () => Promise<OverRate | undefined>;
}) {
  let seen: string | undefined;
  const unmark = async () => {
    if (seen) await p.redis.del(seen).catch(() => undefined);
    seen = undefined;
  };
  const authenticate = async (body: Buffer) => {
    const verdict = judgeSignature({ ...p.head, body }, p.credential, Date.now());
    if (!verdict.ok) return { refused: verdict.message, headers: verdict.headers };
    if (verdict.replay) {
      const mark = keys.webhookSignatureSeen(p.flowId, verdict.replay.mark);
      if ((await p.redis.set(mark, "1", "PX", verdict.replay.ttlMs, "NX")) === null) {
        return { refused: "authentication: this signed request was received before (a replay): each signature is taken once" };
      }
      seen = mark;
    }
    if (needsBody(p.credential)) {
      const over = await p.takeFlowRate();
      if (over) {
        await unmark();
        return { refused: over.message, status: over.status, headers: { "retry-after": over.retryAfter } };
      }
    }
    return { head: withoutCredentials(p.head, p.credential) };
  };
  return { authenticate, unmark };
}
