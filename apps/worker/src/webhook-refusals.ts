import { type Db, type FlowRecord, recordAudit } from "@interflow/db";
import { keys, type Redis, webhookAnswersField } from "@interflow/queue";

/** Refused webhooks (401: wrong or missing authentication) within one look that make a burst worth auditing. */
export const REFUSAL_BURST = 20;
/** How often a flow's refusals are looked at (and a burst audited at most). */
export const REFUSAL_LOOK_MS = 60_000;

/**
 * Once a minute per flow: when its gateways refused REFUSAL_BURST or more webhooks for their
 * authentication since the last look (someone guessing a secret, or a sender whose secret was
 * rotated away), an audit entry in its workspace says how many, over how long — the owners see it
 * in the audit log. The last look is the leader's to remember (a new leader starts from its first
 * look: at most one minute's refusals go unjudged); nothing is written to the flow's keys.
 */
export class RefusalWatch {
  private readonly looked = new Map<string, { count: number; at: number }>();

  /** Returns how many were refused in the burst audited (0: none). */
  async look(p: { db: Db; redis: Redis; flow: Pick<FlowRecord, "id" | "name" | "workspaceId">; now?: number }): Promise<number> {
    const now = p.now ?? Date.now();
    const last = this.looked.get(p.flow.id);
    if (last && now - last.at < REFUSAL_LOOK_MS) return 0;
    const count = Number((await p.redis.hget(keys.stats(p.flow.id), webhookAnswersField(401))) ?? 0);
    this.looked.set(p.flow.id, { count, at: now });
    if (!last) return 0;
    const refused = count - last.count;
    if (refused < REFUSAL_BURST) return 0;
    await recordAudit(p.db, {
      workspaceId: p.flow.workspaceId,
      actor: "gateway",
      action: "webhook.refused-burst",
      target: p.flow.name,
      detail: { flowId: p.flow.id, refused, seconds: Math.round((now - last.at) / 1000) },
    });
    return refused;
  }

  /** Forgets the flows no longer looked at (stopped, deleted). */
  keepOnly(flowIds: Set<string>): void {
    for (const id of this.looked.keys()) if (!flowIds.has(id)) this.looked.delete(id);
  }
}
