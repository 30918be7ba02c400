import type { MessageEnvelope } from "@interflow/flow";
import { Queue } from "bullmq";
import { STEP_JOB, stepJobOptions } from "./catalog";
import { flowQueuePrefix, keys } from "./names";
import type { Redis } from "./redis";

/**
 * Puts messages on a step's queue from outside the flow — a retried or replayed message, an error
 * notification — one job each with the given deterministic id (the same message put twice within
 * the deduplication window is queued once), counted into the queue's backlog.
 */
export async function injectMessages(
  redis: Redis,
  p: { flowId: string; stepId: string; messages: ReadonlyArray<{ message: MessageEnvelope; jobId: string }> },
): Promise<void> {
  const queue = new Queue(p.stepId, { connection: redis, prefix: flowQueuePrefix(p.flowId) });
  try {
    for (let i = 0; i < p.messages.length; i += 500) {
      const chunk = p.messages.slice(i, i + 500).map(({ message, jobId }) => {
        const bytes = Buffer.byteLength(JSON.stringify([message]));
        return { name: STEP_JOB.name, data: { messages: [message], bytes }, opts: stepJobOptions(jobId), bytes };
      });
      await queue.addBulk(chunk.map(({ bytes: _bytes, ...job }) => job));
      await redis
        .multi()
        .hincrby(keys.backlog(p.flowId), `${p.stepId}.messages`, chunk.length)
        .hincrby(keys.backlog(p.flowId), `${p.stepId}.bytes`, chunk.reduce((sum, job) => sum + job.bytes, 0))
        .exec();
    }
  } finally {
    await queue.close();
  }
}
