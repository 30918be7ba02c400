// Group commit into a real BullMQ queue on Redis: messages arriving while adds are in flight go
// together, up to a count and a size.
import { randomUUID } from "node:crypto";
import type { MessageEnvelope } from "@interflow/flow";
import { createRedis, flowQueuePrefix, STEP_JOB } from "@interflow/queue";
import { Queue } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { EnqueueBatcher, MAX_BATCH_BYTES, queueWrite } from "./enqueue-batcher";

const redis = createRedis(process.env.REDIS_URL as string);
afterAll(() => redis.quit());

function message(flowId: string, n: number): MessageEnvelope {
  const id = randomUUID();
  return { id, body: { n }, headers: {}, attachments: [], steps: {}, meta: { flowId, flowVersion: 1, executionId: id, stepId: "hook", parentMessageId: null, traceId: id, attempt: 0 } };
}

describe("enqueue batcher", () => {
  it("puts at most 1 MiB of requests in one job, and a bigger request alone; nothing is lost", async () => {
    const flowId = `eb${randomUUID().replaceAll("-", "")}`;
    const queue = new Queue("hook", { connection: redis, prefix: flowQueuePrefix(flowId) });
    let counted = 0;
    const batcher = new EnqueueBatcher(
      queueWrite(queue, async (messages) => {
        counted += messages;
      }),
    );
    // 40 requests of 100 KB and one of 3 MiB, all at once: two go at once, the rest wait for them
    const sizes = [...Array.from({ length: 20 }, () => 100 * 1024), 3 * 1024 * 1024, ...Array.from({ length: 20 }, () => 100 * 1024)];
    await Promise.all(sizes.map((bytes, n) => batcher.enqueue(message(flowId, n), bytes)));
    const jobs = (await queue.getJobs(["waiting"])).map((job) => STEP_JOB.schema.parse(job.data));
    expect(jobs.flatMap((j) => j.messages.map((m) => (m.body as { n: number }).n)).sort((a, b) => a - b)).toEqual(sizes.map((_, n) => n));
    expect(counted).toBe(41);
    for (const job of jobs) expect((job.bytes ?? 0) <= MAX_BATCH_BYTES || job.messages.length === 1).toBe(true);
    // the big one went alone, and the small ones were grouped (not 40 jobs of one)
    expect(jobs.find((j) => j.bytes === 3 * 1024 * 1024)?.messages.length).toBe(1);
    expect(jobs.length).toBeLessThan(15);
    await queue.obliterate({ force: true });
    await queue.close();
  });
});
