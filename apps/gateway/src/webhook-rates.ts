import { type Redis, TAKE_WEBHOOK_TOKEN, type WebhookRate, webhookRateKeys } from "@interflow/queue";

/** A request over a flow's rate: answered 429 with Retry-After (the sender keeps it). */
export interface OverRate {
  status: 429;
  message: string;
  retryAfter: string;
}

/**
 * Takes a token from a flow's webhook buckets, shared by every gateway (Redis's clock): everyone's,
 * one sender's, or both at once. Nothing is taken when a bucket that would refuse is empty.
 */
export async function takeWebhookRate(
  redis: Redis,
  p: { flowId: string; sender: string; rate: WebhookRate | undefined; buckets: "flow" | "sender" | "both" },
): Promise<OverRate | undefined> {
  const { rate, buckets } = p;
  if (!rate) return undefined;
  const perSecond = buckets === "sender" ? 0 : (rate.perSecond ?? 0);
  const perSender = buckets === "flow" ? 0 : (rate.perSenderPerSecond ?? 0);
  if (perSecond <= 0 && perSender <= 0) return undefined;
  const [wait, which] = (await redis.eval(
    TAKE_WEBHOOK_TOKEN,
    2,
    ...webhookRateKeys(p.flowId, p.sender),
    String(perSecond),
    String(rate.burst ?? Math.max(1, Math.ceil(rate.perSecond ?? 1))),
    String(perSender),
    String(rate.senderBurst ?? Math.max(1, Math.ceil(rate.perSenderPerSecond ?? 1))),
  )) as [number, string];
  if (wait <= 0) return undefined;
  const limit = which === "sender" ? `${rate.perSenderPerSecond} a second from one sender` : `${rate.perSecond} a second`;
  const seconds = String(Math.ceil(wait / 1000));
  return { status: 429, message: `flow ${p.flowId} takes ${limit} at most; retry in ${seconds} s`, retryAfter: seconds };
}
