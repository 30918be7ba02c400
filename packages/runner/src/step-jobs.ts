import { retryJobId, splitJobId, type StepStats, type RecordText, type StepRecords } from "@interflow/queue";
import type { MessageEnvelope } from "@interflow/flow";
import { keys, recordCredentialFailure, type Redis, STEP_JOB, STEP_LOCK, type StepJobData } from "@interflow/queue";
import type { StepLogger } from "@interflow/sdk";
import { DelayedError, type Job } from "bullmq";
import type { MessageOutcome } from "./classify";
import type { StepExecutor } from "./step-executor";
import type { Requeued, StepOutput } from "./step-output";
import type { StepCollector } from "./step-collector";
import type { RouteResult, Routed, StepRouter } from "./step-routes";
import { DEFERRED, type SuspectGate } from "./suspect-gate";

/** A message whose runner stopped this often while working on it is a failed message (it takes the runner down). */
export const STALLS_BEFORE_FAILED = STEP_LOCK.maxStalledCount;
/** How long a job that may not run now (one runs alone) waits before it is taken again. */
const DEFER_MS = 250;
/** How long a message sent again on a newer version than this runner's waits for that version's runners. */
const NEWER_VERSION_WAIT_MS = 1_000;

export interface StepJobContext {
  redis: Redis;
  flowId: string;
  stepId: string;
  /** the version of the flow this runner runs */
  flowVersion: number;
  executor: StepExecutor;
  records: StepRecords;
  output: StepOutput;
  /** where each output goes (the step's connections and their conditions) */
  router: StepRouter;
  /** a collecting step's batches: its messages go into them instead of through the executor */
  collector?: StepCollector;
  stats: StepStats;
  gate: SuspectGate;
  logger: StepLogger;
  /** the step's credential id, when its node names one (a refusal is reported for the worker to mark it) */
  credentialId?: string;
}

/**
 * Processes one job of a step's queue: a batch of messages, each run through the step and its
 * outcome emitted, retried or kept as a failed message. A job its runner stopped on (it stalled) is
 * suspect: a batch is split into one job per message, a single message runs alone, and one that
 * stalled STALLS_BEFORE_FAILED times becomes a failed message without running again — so a message
 * that takes its runner down never takes the others of its batch with it.
 */
export function createStepJobProcessor(ctx: StepJobContext): (job: Job<StepJobData>, token?: string) => Promise<void> {
  const { stepId, logger } = ctx;

  const split = (job: Job, data: StepJobData) => {
    logger.warn("a batch whose runner stopped is split: each message is tried on its own", { jobId: job.id, messages: data.messages.length, stalls: job.stalledCounter });
    const requeued = data.messages.map((message, i) => ({ message: notWaiting(message), jobId: splitJobId(job.id as string, i) }));
    return ctx.output.handOver({ job, taken: takenOf(data), children: [], requeued, records: [] });
  };

  const failStalled = async (job: Job, data: StepJobData) => {
    const stalls = job.stalledCounter;
    const now = Date.now();
    const failure = { kind: "step-error" as const, message: `the step's runner stopped ${stalls} times while working on this message (a crash, a kill, or the message takes the runner down): it is not tried again` };
    const records = data.messages.flatMap((message) => ctx.records.of({ message, status: "failed", startedAt: now, durationMs: 0, failure, errorKind: "stalled" }) ?? []);
    logger.error("message failed: its runner stopped while working on it too often", { messageIds: data.messages.map((m) => m.id), stalls });
    await ctx.output.handOver({ job, taken: takenOf(data), children: [], records });
    ctx.stats.add("errors", data.messages.length);
  };

  const run = async (job: Job, data: StepJobData) => {
    if (ctx.collector) return ctx.collector.take(job, data);
    const tries = await Promise.all(
      data.messages.map(async (message) => {
        const startedAt = Date.now();
        let outcome = await ctx.executor.execute(message);
        const routing = outcome.kind === "emitted" ? ctx.router.route(message, outcome.outputs) : undefined;
        // without conditions the route is known at once: no promise to wait for
        const routed = routing instanceof Promise ? await routing : routing;
        // a condition that cannot be evaluated fails the message here (it would fail again: no retry)
        if (routed?.kind === "failed") outcome = { kind: "failed", failure: routed.failure, attempts: message.meta.attempt + 1 };
        return { message, outcome, routed, startedAt, durationMs: Date.now() - startedAt };
      }),
    );
    await emitOutcomes(job, data, tries);
  };

  const emitOutcomes = async (
    job: Job,
    data: StepJobData,
    tries: Array<{ message: MessageEnvelope; outcome: MessageOutcome; routed?: RouteResult; startedAt: number; durationMs: number }>,
  ) => {
    const children: Routed[] = [];
    const requeued: Requeued[] = [];
    const records: RecordText[] = [];
    const reports: Array<Promise<unknown>> = [];
    let firstTries = 0;
    let retries = 0;
    let errors = 0;
    let filtered = 0;
    for (const { message, outcome, routed, startedAt, durationMs } of tries) {
      if (message.meta.attempt === 0) firstTries++;
      ctx.stats.observe(durationMs);
      const timing = { message, startedAt, durationMs };
      switch (outcome.kind) {
        case "emitted": {
          if (routed?.kind !== "routed") throw new Error("an emitted outcome is routed before it is handed over");
          children.push(...routed.children);
          const ended = routed.filtered + (outcome.filtered ? 1 : 0);
          filtered += ended;
          pushRecord(records, ctx.records.of({ ...timing, status: "ok", outputs: outcome.outputs, deliveries: routed.deliveries, filtered: ended }));
          break;
        }
        case "retry": {
          retries++;
          const attempt = message.meta.attempt + 1;
          requeued.push({ message: notWaiting({ ...message, meta: { ...message.meta, attempt } }), jobId: retryJobId(message, attempt), delayMs: outcome.delayMs });
          pushRecord(records, ctx.records.of({ ...timing, status: "retrying", failure: outcome.failure }));
          logger.warn("message will be retried", { messageId: message.id, attempt, delayMs: outcome.delayMs, error: outcome.failure.message });
          break;
        }
        case "failed":
          errors++;
          pushRecord(records, ctx.records.of({ ...timing, status: "failed", failure: outcome.failure, attempts: outcome.attempts }));
          logger.error("message failed", { messageId: message.id, attempts: outcome.attempts, error: outcome.failure.message });
          if (outcome.failure.kind === "step-error" && outcome.failure.credentialRefused !== undefined && ctx.credentialId) {
            // the worker marks the credential failed, and the flow's dashboard names it
            const failure = { credentialId: ctx.credentialId, message: outcome.failure.credentialRefused, at: new Date().toISOString() };
            reports.push(recordCredentialFailure(ctx.redis, { flowId: ctx.flowId, stepId, failure }));
            logger.warn("the application refused the step's credential", { credentialId: failure.credentialId, reason: failure.message });
          }
          break;
      }
    }
    await Promise.all([ctx.output.handOver({ job, taken: takenOf(data), children, requeued, records }), ...reports]);
    // processed counts messages (first tries); tries that failed and will be tried again count apart
    ctx.stats.add("in", firstTries);
    ctx.stats.add("out", children.length);
    ctx.stats.add("filtered", filtered);
    ctx.stats.add("retries", retries);
    ctx.stats.add("errors", errors);
  };

  return async (job, token) => {
    const data = STEP_JOB.schema.parse(job.data);
    if (sentAgainOnNewerVersion(data.messages, ctx.flowVersion) && (await deployedVersion(ctx.redis, ctx.flowId)) > ctx.flowVersion) {
      // sent again on a version restored for it, whose runners replace this one: they take it. (Is
      // a newer version not deployed — its redeploy refused, or the flow still starting — this one
      // runs it: held, it would wait for runners that never come.)
      await job.moveToDelayed(Date.now() + NEWER_VERSION_WAIT_MS, token);
      throw new DelayedError();
    }
    const stalls = job.stalledCounter ?? 0;
    if (stalls > 0 && data.messages.length > 1) return split(job, data);
    if (stalls >= STALLS_BEFORE_FAILED) return failStalled(job, data);
    if ((await ctx.gate.run(stalls > 0, () => run(job, data))) === DEFERRED) {
      // one job runs alone now: this one steps aside (no lock held, so a crash does not count against it)
      await job.moveToDelayed(Date.now() + DEFER_MS + Math.floor(Math.random() * DEFER_MS), token);
      throw new DelayedError();
    }
  };
}

/** The version the flow's deployment names now (0 when it cannot be read). */
async function deployedVersion(redis: Redis, flowId: string): Promise<number> {
  try {
    const raw = await redis.get(keys.deployment(flowId));
    return raw ? Number((JSON.parse(raw) as { flowVersion?: unknown }).flowVersion) || 0 : 0;
  } catch {
    return 0;
  }
}

/** A retry or replay sent on a version newer than `version` (restored for it): only that version's runners may run it. */
export function sentAgainOnNewerVersion(messages: MessageEnvelope[], version: number): boolean {
  return messages.some((m) => m.meta.replayOf !== undefined && m.meta.flowVersion > version);
}

/** What a job took out of its step's queue: its messages, their bytes, and how many of them had waited there (a delay step's). */
function takenOf(data: StepJobData): { messages: number; bytes?: number; waiting: number } {
  return { messages: data.messages.length, bytes: data.bytes, waiting: data.messages.filter((m) => m.meta.waitUntil !== undefined).length };
}

/** A message put back on its own queue no longer waits for a delay step's time (it was taken once). */
function notWaiting(message: MessageEnvelope): MessageEnvelope {
  if (message.meta.waitUntil === undefined) return message;
  const { waitUntil: _done, ...meta } = message.meta;
  return { ...message, meta };
}

function pushRecord(records: RecordText[], record: RecordText | undefined): void {
  if (record) records.push(record);
}
