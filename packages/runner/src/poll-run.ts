import { safeJson, childMessageId, type StepStats, type StepRecords } from "@interflow/queue";
import type { MessageEnvelope } from "@interflow/flow";
import { platformFetch } from "@interflow/components";
import { keys, POLL_JOB, type Redis, recordPollRun } from "@interflow/queue";
import { type ComponentFunction, SNAPSHOT_LIMIT_BYTES, type StepCredential, type StepLogger } from "@interflow/sdk";
import { DelayedError, type Job } from "bullmq";
import { z } from "zod";
import type { StepOutput } from "./step-output";
import type { StepRouter } from "./step-routes";
import { routeTriggerMessages, triggerMessage } from "./trigger-output";

/** a poll run longer than this loses its lock (another may start) */
const POLL_LOCK_MS = 10 * 60_000;
/** how long a poll run's written-down result waits to be finished */
const POLL_PENDING_TTL_MS = 24 * 3600_000;
const DELETE_OWN_LOCK = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end
return 0`;
const pendingRunSchema = z.object({
  jobId: z.string(),
  outputs: z.array(z.object({ body: z.unknown(), headers: z.record(z.string(), z.unknown()) })),
  /** the next snapshot's JSON; null: unchanged */
  snapshot: z.string().nullable(),
});
type PendingRun = z.infer<typeof pendingRunSchema>;

export interface PollRunContext {
  redis: Redis;
  flowId: string;
  stepId: string;
  flowVersion: number;
  fn: ComponentFunction;
  config: unknown;
  credential?: StepCredential;
  output: StepOutput;
  router: StepRouter;
  records: StepRecords;
  stats: StepStats;
  logger: StepLogger;
  signal: AbortSignal;
}

/**
 * One run of a polling trigger: the component asks its source for what changed since the
 * snapshot. Its result (messages and next snapshot) is written down before anything is emitted,
 * so a run cut short (a crash, a kill) is finished as it was, never polled again with the old
 * snapshot; the emits carry deterministic ids. One run at a time per step (a lock), whichever
 * replica takes it. Each record the run emits starts an execution of its own.
 */
export function createPollRunner(ctx: PollRunContext): (job: Job, token: string | undefined) => Promise<void> {
  const { redis, flowId, stepId, logger } = ctx;

  /** A record a poll run emitted, as the first message of its own execution (ids deterministic per run). */
  const pollMessage = (jobId: string, index: number, output: { body: unknown; headers: Record<string, unknown> }): MessageEnvelope =>
    triggerMessage({ flowId, flowVersion: ctx.flowVersion, stepId }, childMessageId(jobId, stepId, index), output);

  /** the run's result: the one written down for this job, else a new poll of the source */
  const resultOf = async (job: Job, started: Date, manual: boolean): Promise<PendingRun> => {
    const pendingKey = keys.pollPending(flowId, stepId);
    const written = pendingRunSchema.safeParse(JSON.parse((await redis.get(pendingKey)) ?? "null")).data;
    if (written !== undefined && written.jobId === job.id) return written;
    const poll = ctx.fn.kind === "trigger" ? ctx.fn.poll : undefined;
    if (!poll) throw new Error(`step "${stepId}" does not poll; only polling triggers run on a schedule`);
    const raw = await redis.hget(keys.snapshots(flowId), stepId);
    const outputs: PendingRun["outputs"] = [];
    let next: { value: unknown } | undefined;
    await poll({
      config: ctx.config,
      credential: ctx.credential,
      snapshot: raw === null ? undefined : JSON.parse(raw),
      emit: { data: (body, emitOptions) => outputs.push({ body, headers: emitOptions?.headers ?? {} }), snapshot: (value) => (next = { value }) },
      logger,
      fetch: platformFetch,
      signal: ctx.signal,
      now: started,
      manual,
    });
    const snapshot = next === undefined ? null : (safeJson(next.value) ?? "null");
    if (snapshot !== null && Buffer.byteLength(snapshot) > SNAPSHOT_LIMIT_BYTES) {
      throw new Error(`the snapshot would be ${Buffer.byteLength(snapshot)} bytes, over the ${SNAPSHOT_LIMIT_BYTES / 1024} KB limit: keep less in it (a time and the ids at it, not the records)`);
    }
    const pending = { jobId: String(job.id), outputs, snapshot };
    await redis.set(pendingKey, safeJson(pending), "PX", POLL_PENDING_TTL_MS);
    return pending;
  };

  return async (job, token) => {
    if (ctx.fn.kind !== "trigger" || !ctx.fn.poll) throw new Error(`step "${stepId}" does not poll; only polling triggers run on a schedule`);
    const data = POLL_JOB.schema.parse(job.data ?? {});
    const lockKey = keys.pollLock(flowId, stepId);
    if ((await redis.set(lockKey, String(job.id), "PX", POLL_LOCK_MS, "NX")) === null) {
      // another run of this step is under way: this one waits its turn
      await job.moveToDelayed(Date.now() + 1_000, token);
      throw new DelayedError();
    }
    const started = new Date();
    try {
      const pending = await resultOf(job, started, data.manual === true);
      const emitted = pending.outputs.map((output, index) => pollMessage(String(job.id), index, output));
      const durationMs = Date.now() - started.getTime();
      // each record starts an execution of its own: routed alone (a condition that fails, fails it alone)
      const { children, records, filtered, failed } = await routeTriggerMessages(ctx, emitted, { startedAt: started.getTime(), durationMs });
      await ctx.output.handOver({ job, children, records });
      const commit = redis.multi();
      if (pending.snapshot !== null) commit.hset(keys.snapshots(flowId), stepId, pending.snapshot);
      await commit.del(keys.pollPending(flowId, stepId)).exec();
      ctx.stats.add("in", emitted.length);
      ctx.stats.add("out", children.length);
      ctx.stats.add("filtered", filtered);
      ctx.stats.add("errors", failed);
      await recordPollRun(redis, { flowId, stepId, at: started, durationMs: Date.now() - started.getTime(), emitted: emitted.length, error: null, manual: data.manual });
      logger.info("poll run", { emitted: emitted.length, filtered, failed, manual: data.manual, durationMs: Date.now() - started.getTime() });
    } catch (error) {
      const message = (error as Error).message;
      ctx.stats.add("errors", 1);
      await recordPollRun(redis, { flowId, stepId, at: started, durationMs: Date.now() - started.getTime(), emitted: 0, error: message, manual: data.manual }).catch(() => {});
      logger.error("poll run failed; nothing emitted, the snapshot kept", { error: message, manual: data.manual });
      throw error;
    } finally {
      await redis.eval(DELETE_OWN_LOCK, 1, lockKey, String(job.id)).catch(() => {});
    }
  };
}
