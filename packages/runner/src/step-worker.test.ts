// The step's queue worker takes no job before the runner says so: a job taken while the runner was
// still being wired reached a processor that needed the worker itself, and failed its try.
import { randomUUID } from "node:crypto";
import { createRedis, flowQueuePrefix, STEP_JOB, StepStats } from "@interflow/queue";
import { Queue } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { startStepWorker } from "./step-worker";

const redisUrl = process.env.REDIS_URL as string;
const redis = createRedis(redisUrl);
afterAll(() => redis.quit());
const silent = { info: () => {}, warn: () => {}, error: () => {} };

describe("step worker", () => {
  it("takes no job before run, then takes the one waiting", async () => {
    const flowId = `sw${randomUUID().replaceAll("-", "")}`;
    const prefix = flowQueuePrefix(flowId);
    const queue = new Queue("call", { connection: redis, prefix });
    await queue.add(STEP_JOB.name, { messages: [] as never[] }, { ...STEP_JOB.options, jobId: "waiting" });
    const taken: string[] = [];
    const stats = new StepStats(redis, flowId, "call");
    const { run, close } = await startStepWorker({
      redisUrl,
      stepId: "call",
      prefix,
      concurrency: 2,
      process: async (job) => {
        taken.push(job.id as string);
      },
      stats,
      logger: silent,
    });
    try {
      await new Promise((r) => setTimeout(r, 500));
      expect(taken).toEqual([]);
      run();
      await expect.poll(() => taken).toEqual(["waiting"]);
    } finally {
      await close();
      await stats.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
