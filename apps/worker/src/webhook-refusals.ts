import { type Db, type FlowRecord, recordAudit } from "@interflow/db";
import { flowQueuePrefix, keys, type Redis, webhookAnswersField } from "@interflow/queue";

/** Refused webhooks (401: wrong or missing authentication) within one look that make a burst worth auditing. */
export const REFUSAL_BURST = 20;
/** How often a flow's refusals are looked at (and a burst audited at most). */
export const REFUSAL_LOOK_MS = 60_000;

/** hash { count, at }: the flow's refused-webhook count when it was last looked at (kept across leader changes) */
const markOf = (flowId: string) => `${flowQueuePrefix(flowId)}:webhook:refusals-looked`;

/**
 * Once a minute per flow: when its gateways refused REFUSAL_BURST or more webhooks for their
 * authentication since the last look (someone guessing a secret, or a sender whose secret was
 * rotated away), an audit entry in its workspace says how many, over how long — the owners see it
 * in the audit log. Returns how many were refused in the burst audited (0: none).
 */
export async function auditRefusalBursts(p: { db: Db; redis: Redis; flow: Pick<FlowRecord, "id" | "name" | "workspaceId">; now?: number }): Promise<number> {
  const now = p.now ?? Date.now();
  const mark = markOf(p.flow.id);
  const [counted, last] = await Promise.all([p.redis.hget(keys.stats(p.flow.id), webhookAnswersField(401)), p.redis.hgetall(mark)]);
  const count = Number(counted ?? 0);
  const lastAt = Number(last.at ?? 0);
  if (lastAt !== 0 && now - lastAt < REFUSAL_LOOK_MS) return 0;
  await p.redis.hset(mark, { count: String(count), at: String(now) });
  if (lastAt === 0) return 0;
  const refused = count - Number(last.count ?? 0);
  if (refused < REFUSAL_BURST) return 0;
  await recordAudit(p.db, {
    workspaceId: p.flow.workspaceId,
    actor: "gateway",
    action: "webhook.refused-burst",
    target: p.flow.name,
    detail: { flowId: p.flow.id, refused, seconds: Math.round((now - lastAt) / 1000) },
  });
  return refused;
}
