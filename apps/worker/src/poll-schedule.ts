import { pollingTriggerOf } from "@interflow/components";
import { type FlowDocument, repeatOptionsOf, triggerNodeOf } from "@interflow/flow";
import type { ComponentDefinition } from "@interflow/sdk";
import { flowQueuePrefix, POLL_JOB, POLL_SCHEDULER_ID, type Redis } from "@interflow/queue";
import { Queue } from "bullmq";

function triggerQueue(redis: Redis, flowId: string, stepId: string): Queue {
  return new Queue(stepId, { connection: redis, prefix: flowQueuePrefix(flowId) });
}

/**
 * Makes the flow's job scheduler fire poll runs on its schedule. Left alone when it already runs
 * on that schedule: a worker restart neither moves the next run (no run skipped) nor adds one (no
 * run doubled) — BullMQ keeps exactly one next run per scheduler, in Redis.
 */
export async function schedulePolls(
  redis: Redis,
  flow: { id: string; document: FlowDocument },
  /** the components of the flow's workspace (custom ones poll too) */
  components: readonly ComponentDefinition[],
): Promise<Date | null> {
  const polling = pollingTriggerOf(flow.document, components);
  if (!polling) return null;
  const queue = triggerQueue(redis, flow.id, polling.stepId);
  try {
    const wanted = repeatOptionsOf(polling.schedule);
    const existing = await queue.getJobScheduler(POLL_SCHEDULER_ID);
    const same = existing && ("every" in wanted ? Number(existing.every) === wanted.every : existing.pattern === wanted.pattern && existing.tz === wanted.tz);
    if (!same) await queue.upsertJobScheduler(POLL_SCHEDULER_ID, wanted, { name: POLL_JOB.name, data: { manual: false }, opts: POLL_JOB.options });
    const next = (await queue.getJobScheduler(POLL_SCHEDULER_ID))?.next;
    return next ? new Date(next) : null;
  } finally {
    await queue.close();
  }
}

/** No more scheduled poll runs (a run under way finishes; "run now" still works while the flow runs). */
export async function unschedulePolls(redis: Redis, flow: { id: string; document: FlowDocument }): Promise<void> {
  // whatever its component (a custom one may not be known here yet): removing no scheduler is harmless
  const trigger = triggerNodeOf(flow.document);
  if (!trigger) return;
  const queue = triggerQueue(redis, flow.id, trigger.id);
  try {
    await queue.removeJobScheduler(POLL_SCHEDULER_ID);
  } finally {
    await queue.close();
  }
}
