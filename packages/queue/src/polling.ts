import { type JobsOptions, Queue } from "bullmq";
import { z } from "zod";
import { flowQueuePrefix, keys } from "./names";
import type { Redis } from "./redis";

/**
 * A poll run of a flow's polling trigger, on the trigger step's own queue: made by the flow's job
 * scheduler (`POLL_SCHEDULER_ID`) on its schedule, or added by "run now".
 */
export const POLL_JOB = {
  name: "poll",
  schema: z.object({ manual: z.boolean().default(false), requestedBy: z.string().optional() }),
  options: { removeOnComplete: true, removeOnFail: { count: 100 }, attempts: 1 } satisfies JobsOptions,
} as const;
export type PollJobData = z.infer<typeof POLL_JOB.schema>;

/** The id of a flow's one job scheduler (on its trigger step's queue). */
export const POLL_SCHEDULER_ID = "poll";

export const pollRunSchema = z.object({
  /** when the last run started (ISO) */
  at: z.string(),
  durationMs: z.number(),
  /** messages the last run emitted */
  emitted: z.number(),
  /** why the last run failed (nothing emitted, the snapshot kept) */
  error: z.string().nullable(),
  manual: z.boolean(),
  /** all runs so far, and the messages they emitted */
  runs: z.number(),
  totalEmitted: z.number(),
  failures: z.number(),
});
export type PollRun = z.infer<typeof pollRunSchema>;

/** Records a finished poll run of a step (one writer at a time: the run holds the step's poll lock). */
export async function recordPollRun(redis: Redis, p: { flowId: string; stepId: string; at: Date; durationMs: number; emitted: number; error: string | null; manual: boolean }): Promise<PollRun> {
  const before = await readPollRun(redis, p.flowId, p.stepId);
  const run: PollRun = {
    at: p.at.toISOString(),
    durationMs: p.durationMs,
    emitted: p.emitted,
    error: p.error,
    manual: p.manual,
    runs: (before?.runs ?? 0) + 1,
    totalEmitted: (before?.totalEmitted ?? 0) + p.emitted,
    failures: (before?.failures ?? 0) + (p.error === null ? 0 : 1),
  };
  await redis.hset(keys.pollRuns(p.flowId), p.stepId, JSON.stringify(run));
  return run;
}

export async function readPollRun(redis: Redis, flowId: string, stepId: string): Promise<PollRun | null> {
  const raw = await redis.hget(keys.pollRuns(flowId), stepId);
  const parsed = raw === null ? null : pollRunSchema.safeParse(JSON.parse(raw));
  return parsed?.success ? parsed.data : null;
}

/** The step's snapshot (undefined: none yet, or reset). */
export async function readSnapshot(redis: Redis, flowId: string, stepId: string): Promise<unknown> {
  const raw = await redis.hget(keys.snapshots(flowId), stepId);
  return raw === null ? undefined : JSON.parse(raw);
}

/** When the flow's scheduler fires its trigger step's next poll run (null: not scheduled). */
export async function nextPollAt(redis: Redis, flowId: string, stepId: string): Promise<Date | null> {
  const queue = new Queue(stepId, { connection: redis, prefix: flowQueuePrefix(flowId) });
  try {
    const next = (await queue.getJobScheduler(POLL_SCHEDULER_ID))?.next;
    return next ? new Date(next) : null;
  } finally {
    await queue.close();
  }
}
