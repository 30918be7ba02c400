import type { FlowRecord } from "@interflow/db";
import { AppError, AppErrorCode, type FlowDocument } from "@interflow/flow";
import { keys, type Redis } from "@interflow/queue";
import { z } from "zod";

/** The person's answer to "steps you remove hold messages": drop them (each recorded as dropped). */
export const dropQueuedInput = {
  dropQueued: z.boolean().optional().describe("messages queued at steps the new version no longer has are dropped (counted) instead of refusing"),
};

/**
 * A new version that removes steps whose queues hold messages would leave those messages where
 * nothing takes them: refused with the count, unless the person chose to drop them (the worker
 * then drops them, records each as dropped and counts them in the transition's cause).
 */
export async function checkRemovedSteps(redis: Redis, p: { flow: FlowRecord; next: FlowDocument; dropQueued?: boolean }): Promise<void> {
  if (p.dropQueued || p.flow.state === "stopped") return;
  const kept = new Set(p.next.nodes.map((n) => n.id));
  const removed = p.flow.document.nodes.map((n) => n.id).filter((id) => !kept.has(id));
  if (removed.length === 0) return;
  const counts = await redis.hmget(keys.backlog(p.flow.id), ...removed.map((id) => `${id}.messages`));
  const holding = removed.flatMap((id, i) => (Number(counts[i] ?? 0) > 0 ? [{ id, messages: Number(counts[i]) }] : []));
  if (holding.length === 0) return;
  const total = holding.reduce((sum, h) => sum + h.messages, 0);
  throw new AppError(
    AppErrorCode.Conflict,
    `dropQueued: ${holding.map((h) => `step "${h.id}" holds ${h.messages} queued message${h.messages === 1 ? "" : "s"}`).join(", ")}, and this version removes ${holding.length === 1 ? "it" : "them"}: ` +
      `the ${total} message${total === 1 ? "" : "s"} would be dropped. Let ${total === 1 ? "it" : "them"} drain first, or publish again choosing to drop them (they are recorded as dropped)`,
    { removedSteps: holding },
  );
}
