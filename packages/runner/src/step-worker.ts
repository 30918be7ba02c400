import type { StepStats } from "@interflow/queue";
import { createRedis, STEP_LOCK, type StepJobData } from "@interflow/queue";
import type { StepLogger } from "@interflow/sdk";
import { type Job, Worker } from "bullmq";
import { STALLS_BEFORE_FAILED } from "./step-jobs";

export interface StepWorkerOptions {
  redisUrl: string;
  stepId: string;
  prefix: string;
  concurrency: number;
  /** how long this runner's lock on a job lasts (default STEP_LOCK) */
  lockMs?: number;
  process: (job: Job<StepJobData>, token?: string) => Promise<void>;
  stats: StepStats;
  logger: StepLogger;
}

/**
 * The BullMQ worker that takes a step's jobs, on a connection of its own that sends commands one
 * by one (its blocking reads must not wait behind the runner's emits). Stalls are the processor's
 * to handle (step-jobs.ts): BullMQ must not fail a stalled job first. It takes no job before `run`:
 * the processor may need the worker itself (a suspect job pauses it), and a job taken while the
 * runner was still being wired failed its attempt ("Cannot access 'worker' before initialization"
 * — every job a restarted runner found waiting after a stall).
 */
export async function startStepWorker(o: StepWorkerOptions): Promise<{ worker: Worker<StepJobData>; run: () => void; close: () => Promise<void> }> {
  const connection = createRedis(o.redisUrl, { enableAutoPipelining: false });
  const worker = new Worker<StepJobData>(o.stepId, o.process, {
    connection,
    prefix: o.prefix,
    concurrency: o.concurrency,
    lockDuration: o.lockMs ?? STEP_LOCK.lockDurationMs,
    stalledInterval: o.lockMs ? Math.max(250, Math.round(o.lockMs / 2)) : STEP_LOCK.stalledIntervalMs,
    // a job that stalled is split or run alone, and failed after STALLS_BEFORE_FAILED stalls by
    // the processor (step-jobs.ts), which keeps its messages: BullMQ must not fail it first
    maxStalledCount: STALLS_BEFORE_FAILED * 10,
    autorun: false,
  });
  worker.on("error", (error) => o.logger.error("queue error", { error: error.message }));
  worker.on("failed", (job, error) => {
    o.stats.add("failedBatches", 1);
    // a job failed for good stays in the queue's failed set; the worker moves its messages to the failed messages
    o.logger.error("batch failed; it is tried again, and after its last attempt its messages are kept as failed messages", {
      jobId: job?.id,
      attemptsMade: job?.attemptsMade,
      error: error.message,
    });
  });
  await worker.waitUntilReady();
  return {
    worker,
    run: () => {
      worker.run().catch((error: Error) => o.logger.error("the step's queue worker stopped", { error: error.message }));
    },
    close: async () => {
      await worker.close();
      await connection.quit().catch(() => {});
    },
  };
}
