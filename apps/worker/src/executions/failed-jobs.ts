import { type MessageEnvelope, messageEnvelopeSchema } from "@interflow/flow";
import { type ExecutionMode, flowQueuePrefix, keys, type Redis, recordsEntry, STEP_JOB } from "@interflow/queue";
import { StepRecords } from "@interflow/runner";
import { Queue } from "bullmq";

/**
 * Moves the messages of step jobs that failed for good — a batch its runner could not finish after
 * its last attempt (Redis refused its emits), a job BullMQ gave up on — out of the queues' failed
 * sets into the flow's failed messages (through its records stream), and out of the backlog
 * counts. Returns how many messages it moved.
 */
export async function moveFailedJobs(
  redis: Redis,
  flow: { id: string; document: { nodes: ReadonlyArray<{ id: string }>; settings?: { executions?: ExecutionMode } } },
): Promise<number> {
  let moved = 0;
  for (const { id: stepId } of flow.document.nodes) {
    const queue = new Queue(stepId, { connection: redis, prefix: flowQueuePrefix(flow.id) });
    try {
      if ((await queue.getJobCountByTypes("failed")) === 0) continue;
      const records = new StepRecords({ stepId, replica: -1, flowVersion: 0, next: 0, mode: flow.document.settings?.executions ?? "all" });
      for (const job of await queue.getFailed(0, 199)) {
        if (!job || job.name !== STEP_JOB.name) continue;
        const data = job.data as { messages?: unknown[]; bytes?: number };
        const messages = (data.messages ?? []).flatMap((m): MessageEnvelope[] => {
          const parsed = messageEnvelopeSchema.safeParse(m);
          return parsed.success ? [parsed.data] : [];
        });
        const failure = {
          kind: "step-error" as const,
          message: `the step could not finish the batch of ${messages.length} message${messages.length === 1 ? "" : "s"} this one was in after ${job.attemptsMade} attempt${job.attemptsMade === 1 ? "" : "s"}: ${job.failedReason}`,
        };
        const now = Date.now();
        const texts = messages.flatMap((message) => {
          const record = records.of({ message, status: "failed", flowVersion: message.meta.flowVersion, startedAt: now, durationMs: 0, failure, errorKind: "batch-failed", attempts: job.attemptsMade });
          return record ? [record.json] : [];
        });
        // the messages are kept (and no longer counted as queued) before the job goes: a crash in
        // between keeps them twice (the failed messages are unique per message), never loses them
        const moving = redis.multi();
        if (texts.length > 0) moving.xadd(keys.records(flow.id), "*", "r", recordsEntry(texts));
        moving.hincrby(keys.backlog(flow.id), `${stepId}.messages`, -messages.length);
        if (data.bytes) moving.hincrby(keys.backlog(flow.id), `${stepId}.bytes`, -data.bytes);
        moving.hincrby(keys.stats(flow.id), `${stepId}.errors`, messages.length);
        await moving.exec();
        await job.remove();
        moved += messages.length;
      }
    } finally {
      await queue.close();
    }
  }
  return moved;
}

/**
 * What runners of an earlier Interflow kept in the flow's `errors` list (never shown anywhere)
 * becomes failed messages too. Returns how many it moved.
 */
export async function moveLegacyErrors(redis: Redis, flow: { id: string }): Promise<number> {
  const key = keys.legacyErrors(flow.id);
  let moved = 0;
  for (;;) {
    const raw = await redis.lrange(key, -100, -1);
    if (raw.length === 0) return moved;
    const texts = raw.flatMap((text) => {
      try {
        const entry = JSON.parse(text) as { at?: string; stepId?: string; attempts?: number; error?: { kind?: string; message?: string }; message?: unknown };
        const message = messageEnvelopeSchema.safeParse(entry.message);
        if (!message.success || !entry.stepId) return [];
        const records = new StepRecords({ stepId: entry.stepId, replica: -1, flowVersion: message.data.meta.flowVersion, next: 0, mode: "all" });
        const at = entry.at ? Date.parse(entry.at) : Date.now();
        const failure = { kind: "step-error" as const, message: entry.error?.message ?? "failed" };
        const record = records.of({ message: message.data, status: "failed", startedAt: Number.isNaN(at) ? Date.now() : at, durationMs: 0, failure, errorKind: entry.error?.kind ?? "step-error", attempts: entry.attempts });
        return record ? [record.json] : [];
      } catch {
        return [];
      }
    });
    const moving = redis.multi();
    if (texts.length > 0) moving.xadd(keys.records(flow.id), "*", "r", recordsEntry(texts));
    await moving.ltrim(key, 0, -raw.length - 1).exec();
    moved += texts.length;
  }
}
