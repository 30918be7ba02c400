import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import { builtinComponents } from "@interflow/components";
import type { MessageEnvelope } from "@interflow/flow";
import {
  createRedis,
  type Deployment,
  deploymentSchema,
  flowQueuePrefix,
  keys,
  POLL_JOB,
  type Redis,
  recordCredentialFailure,
  recordPollRun,
  type RetryPolicy,
  type RunnerStatus,
  STEP_DEDUPLICATION_TTL_MS,
  STEP_JOB,
  STEP_LOCK,
  type StepJobData,
  stepJobOptions,
} from "@interflow/queue";
import { type ComponentDefinition, SNAPSHOT_LIMIT_BYTES, type StepLogger } from "@interflow/sdk";
import { DelayedError, type Job, Queue, Worker } from "bullmq";
import type { MessageOutcome } from "./classify";
import { safeJson } from "./json";
import { openCredentialOf } from "./credential";
import { childMessage, childMessageId, outputJobId, retryJobId } from "./messages";
import { StepStats } from "./stats";
import { z } from "zod";
import { StepExecutor } from "./step-executor";

export interface RunnerOptions {
  redisUrl: string;
  flowId: string;
  stepId: string;
  replica: number;
  /** messages jobs processed at once by this replica (prefetch) */
  concurrency: number;
  logger: StepLogger;
  components?: readonly ComponentDefinition[];
  retry?: RetryPolicy;
  /** the key of this step's sealed credential (INTERFLOW_STEP_CREDENTIAL_KEY), given to this step's runners only */
  credentialKey?: string;
}

export interface RunningStep {
  close(): Promise<void>;
}

const ERROR_STORE_LIMIT = 10_000;
const DELETE_OWN_STATUS = `local raw = redis.call("hget", KEYS[1], ARGV[1])
if raw and cjson.decode(raw).instance == ARGV[2] then return redis.call("hdel", KEYS[1], ARGV[1]) end
return 0`;
const STEP_SHUTDOWN_GRACE_MS = 10_000;
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
/** Applies a job's backlog changes (ARGV: ttl, then field/delta pairs) unless they were applied before. */
const COUNT_ONCE = `if redis.call("set", KEYS[1], "1", "NX", "PX", ARGV[1]) then
  for i = 2, #ARGV, 2 do redis.call("hincrby", KEYS[2], ARGV[i], ARGV[i + 1]) end
  return 1
end
return 0`;

/** What a batch of messages weighs in its queue (UTF-8 bytes of their JSON). */
function jsonBytes(messages: MessageEnvelope[]): number {
  return Buffer.byteLength(safeJson(messages));
}

export async function loadDeployment(redis: Redis, flowId: string): Promise<Deployment> {
  const raw = await redis.get(keys.deployment(flowId));
  if (!raw) throw new Error(`flow ${flowId} has no deployment in Redis; the worker writes it before starting runners`);
  return deploymentSchema.parse(JSON.parse(raw));
}

/** Starts one replica of one step: consumes its queue, runs the component, emits to the next queues. */
export async function startRunner(options: RunnerOptions): Promise<RunningStep> {
  const { flowId, stepId, replica, logger } = options;
  const redis = createRedis(options.redisUrl);
  const deployment = await loadDeployment(redis, flowId);
  const step = deployment.steps[stepId];
  if (!step) throw new Error(`flow ${flowId} version ${deployment.flowVersion} has no step "${stepId}"`);
  const component = (options.components ?? builtinComponents).find((c) => c.name === step.component);
  const fn = component?.functions[step.function];
  if (!fn) throw new Error(`step "${stepId}": component ${step.component}.${step.function} is not installed in this runner`);
  const credential = openCredentialOf({ deployment, stepId, key: options.credentialKey });

  const abort = new AbortController();
  // every in-flight component call may listen for shutdown on this one signal
  setMaxListeners(0, abort.signal);
  const config = fn.config.parse(step.config);
  const executor = new StepExecutor({
    fn,
    config,
    mapping: step.mapping,
    credential,
    logger,
    signal: abort.signal,
    retry: options.retry,
  });
  const prefix = flowQueuePrefix(flowId);
  const next = step.next.map((id) => new Queue(id, { connection: redis, prefix }));
  const ownQueue = new Queue(stepId, { connection: redis, prefix });
  const stats = new StepStats(redis, flowId, stepId);

  /** puts a failed message in the flow's error store (newest first, bounded) */
  const storeError = (entry: { stepId: string; attempts: number; error: unknown; message: MessageEnvelope }) =>
    redis
      .multi()
      .lpush(keys.errors(flowId), safeJson({ at: new Date().toISOString(), ...entry }))
      .ltrim(keys.errors(flowId), 0, ERROR_STORE_LIMIT - 1)
      .exec();

  /**
   * One run of a polling trigger: the component asks its source for what changed since the
   * snapshot. Its result (messages and next snapshot) is written down before anything is emitted,
   * so a run cut short (a crash, a kill) is finished as it was, never polled again with the old
   * snapshot; the emits carry deterministic ids. One run at a time per step (a lock), whichever
   * replica takes it.
   */
  const processPoll = async (job: Job, token: string | undefined) => {
    const poll = fn.kind === "trigger" ? fn.poll : undefined;
    if (!poll) throw new Error(`step "${stepId}" (${step.component}.${step.function}) does not poll; only polling triggers run on a schedule`);
    const data = POLL_JOB.schema.parse(job.data ?? {});
    const lockKey = keys.pollLock(flowId, stepId);
    if ((await redis.set(lockKey, String(job.id), "PX", POLL_LOCK_MS, "NX")) === null) {
      // another run of this step is under way: this one waits its turn
      await job.moveToDelayed(Date.now() + 1_000, token);
      throw new DelayedError();
    }
    const started = new Date();
    const pendingKey = keys.pollPending(flowId, stepId);
    try {
      const written = pendingRunSchema.safeParse(JSON.parse((await redis.get(pendingKey)) ?? "null")).data;
      let pending: z.infer<typeof pendingRunSchema>;
      if (written !== undefined && written.jobId === job.id) pending = written;
      else {
        const raw = await redis.hget(keys.snapshots(flowId), stepId);
        const outputs: Array<{ body: unknown; headers: Record<string, unknown> }> = [];
        let next: { value: unknown } | undefined;
        await poll({
          config,
          credential,
          snapshot: raw === null ? undefined : JSON.parse(raw),
          emit: { data: (body, emitOptions) => outputs.push({ body, headers: emitOptions?.headers ?? {} }), snapshot: (value) => (next = { value }) },
          logger,
          signal: abort.signal,
          now: started,
        });
        const snapshot = next === undefined ? null : (safeJson(next.value) ?? "null");
        if (snapshot !== null && Buffer.byteLength(snapshot) > SNAPSHOT_LIMIT_BYTES) {
          throw new Error(`the snapshot would be ${Buffer.byteLength(snapshot)} bytes, over the ${SNAPSHOT_LIMIT_BYTES / 1024} KB limit: keep less in it (a time and the ids at it, not the records)`);
        }
        pending = { jobId: String(job.id), outputs, snapshot };
        await redis.set(pendingKey, safeJson(pending), "PX", POLL_PENDING_TTL_MS);
      }
      const children = pending.outputs.map((output, index) => pollMessage(String(job.id), index, output));
      await emitChildren(job, children, [], []);
      const commit = redis.multi();
      if (pending.snapshot !== null) commit.hset(keys.snapshots(flowId), stepId, pending.snapshot);
      await commit.del(pendingKey).exec();
      stats.add("in", children.length);
      stats.add("out", children.length);
      await recordPollRun(redis, { flowId, stepId, at: started, durationMs: Date.now() - started.getTime(), emitted: children.length, error: null, manual: data.manual });
      logger.info("poll run", { emitted: children.length, manual: data.manual, durationMs: Date.now() - started.getTime() });
    } catch (error) {
      const message = (error as Error).message;
      stats.add("errors", 1);
      await recordPollRun(redis, { flowId, stepId, at: started, durationMs: Date.now() - started.getTime(), emitted: 0, error: message, manual: data.manual }).catch(() => {});
      logger.error("poll run failed; nothing emitted, the snapshot kept", { error: message, manual: data.manual });
      throw error;
    } finally {
      await redis.eval(DELETE_OWN_LOCK, 1, lockKey, String(job.id)).catch(() => {});
    }
  };

  /** A record a poll run emitted, as the first message of its own execution (ids deterministic per run). */
  const pollMessage = (jobId: string, index: number, output: { body: unknown; headers: Record<string, unknown> }): MessageEnvelope => {
    const id = childMessageId(jobId, stepId, index);
    return {
      id,
      body: output.body,
      headers: output.headers,
      attachments: [],
      steps: { [stepId]: output.body },
      meta: { flowId, flowVersion: deployment.flowVersion, executionId: id, stepId, parentMessageId: null, traceId: id, attempt: 0 },
    };
  };

  const processJob = async (job: Job<StepJobData>, token?: string) => {
    if (job.name === POLL_JOB.name) return processPoll(job, token);
    const data = STEP_JOB.schema.parse(job.data);
    const outcomes = await Promise.all(data.messages.map((message) => executor.execute(message)));
    await emitOutcomes(job, data, outcomes);
  };

  const emitOutcomes = async (job: Job, { messages, bytes }: StepJobData, outcomes: MessageOutcome[]) => {
    const children: MessageEnvelope[] = [];
    const writes: Array<Promise<unknown>> = [];
    // every queue's backlog (what the limits and the worker's monitor read) counts the batch out
    // of this queue now, and into the queues it is emitted or retried to below
    const deltas: Array<[string, number]> = [[`${stepId}.messages`, -messages.length]];
    if (bytes) deltas.push([`${stepId}.bytes`, -bytes]);
    let retries = 0;
    let errors = 0;
    outcomes.forEach((outcome, i) => {
      const message = messages[i] as MessageEnvelope;
      switch (outcome.kind) {
        case "emitted":
          outcome.outputs.forEach((output, index) => {
            children.push(childMessage(message, stepId, index, output));
          });
          break;
        case "retry": {
          retries++;
          const attempt = message.meta.attempt + 1;
          const retried = { ...message, meta: { ...message.meta, attempt } };
          const retriedBytes = jsonBytes([retried]);
          writes.push(
            ownQueue.add(
              STEP_JOB.name,
              { messages: [retried], bytes: retriedBytes },
              stepJobOptions(retryJobId(message.id, attempt), { delay: outcome.delayMs }),
            ),
          );
          deltas.push([`${stepId}.messages`, 1], [`${stepId}.bytes`, retriedBytes]);
          logger.warn("message will be retried", { messageId: message.id, attempt, delayMs: outcome.delayMs, error: outcome.failure.message });
          break;
        }
        case "failed":
          errors++;
          writes.push(storeError({ stepId, attempts: outcome.attempts, error: outcome.failure, message }));
          logger.error("message failed", { messageId: message.id, attempts: outcome.attempts, error: outcome.failure.message });
          if (outcome.failure.kind === "step-error" && outcome.failure.credentialRefused !== undefined && step.credential) {
            // the worker marks the credential failed, and the flow's dashboard names it
            const failure = { credentialId: step.credential.id, message: outcome.failure.credentialRefused, at: new Date().toISOString() };
            writes.push(recordCredentialFailure(redis, { flowId, stepId, failure }));
            logger.warn("the application refused the step's credential", { credentialId: failure.credentialId, reason: failure.message });
          }
          break;
      }
    });
    await emitChildren(job, children, deltas, writes);
    stats.add("in", messages.length);
    stats.add("out", children.length);
    stats.add("retries", retries);
    stats.add("errors", errors);
  };

  /**
   * Emits a job's outputs to every next queue (one batch job each, deterministic id) and counts the
   * backlog changes once per job; resolves when all of it (and `writes`) is durably in Redis.
   */
  async function emitChildren(job: Job, children: MessageEnvelope[], deltas: Array<[string, number]>, writes: Array<Promise<unknown>>): Promise<void> {
    if (children.length > 0) {
      const childBytes = jsonBytes(children);
      for (const queue of next) {
        writes.push(
          queue.add(STEP_JOB.name, { messages: children, bytes: childBytes }, stepJobOptions(outputJobId(job.id as string, stepId, queue.name))),
        );
        deltas.push([`${queue.name}.messages`, children.length], [`${queue.name}.bytes`, childBytes]);
      }
    }
    // once per job: a job processed again after a crash re-emits into deduplicated jobs, and must
    // not count them twice
    const counted = `${prefix}:counted:${stepId}:${job.id}`;
    if (deltas.length > 0) writes.push(redis.eval(COUNT_ONCE, 2, counted, keys.backlog(flowId), String(STEP_DEDUPLICATION_TTL_MS), ...deltas.flat().map(String)));
    // The job completes only after every emit is durably in Redis; a crash before that hands the
    // job to another replica, and the deterministic job ids above keep the re-emit from duplicating.
    await Promise.all(writes);
  }

  const workerConnection = createRedis(options.redisUrl, { enableAutoPipelining: false });
  const worker = new Worker<StepJobData>(stepId, processJob, {
    connection: workerConnection,
    prefix,
    concurrency: options.concurrency,
    lockDuration: STEP_LOCK.lockDurationMs,
    stalledInterval: STEP_LOCK.stalledIntervalMs,
    maxStalledCount: STEP_LOCK.maxStalledCount,
  });
  worker.on("error", (error) => logger.error("queue error", { error: error.message }));
  worker.on("failed", (job, error) => {
    stats.add("failedBatches", 1);
    const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1);
    logger.error(final ? "batch failed for good; its messages go to the error store" : "batch failed; it will be tried again", {
      jobId: job?.id,
      attemptsMade: job?.attemptsMade,
      error: error.message,
    });
    if (!final || !job) return;
    const parsed = STEP_JOB.schema.safeParse(job.data);
    const messages = parsed.success ? parsed.data.messages : [];
    void Promise.all(
      messages.map((message) => storeError({ stepId, attempts: job.attemptsMade, error: { kind: "batch-failed", message: error.message }, message })),
    ).then(() => stats.add("errors", messages.length), (e: Error) => logger.error("could not store failed messages", { error: e.message }));
  });
  await worker.waitUntilReady();

  const statusField = `${stepId}.${replica}`;
  const status: RunnerStatus = {
    stepId,
    replica,
    flowVersion: deployment.flowVersion,
    pid: process.pid,
    // pids repeat across containers (each has its own pid namespace): this tells runners apart
    instance: randomUUID(),
    startedAt: new Date().toISOString(),
    consuming: true,
  };
  await redis.hset(keys.runners(flowId), statusField, JSON.stringify(status));
  await redis.publish(keys.runnerEvents, JSON.stringify({ flowId, event: "up", ...status }));
  logger.info("step runner consuming", { queue: `${prefix}:${stepId}`, concurrency: options.concurrency, credentialId: step.credential?.id });

  let closing: Promise<void> | undefined;
  return {
    close: () => {
      closing ??= (async () => {
        // Let the messages in hand finish (their emits complete the jobs); abort component calls
        // only if that takes too long, so a stop or scale-down does not cut requests in half.
        const impatient = setTimeout(() => abort.abort(), STEP_SHUTDOWN_GRACE_MS);
        await worker.close();
        clearTimeout(impatient);
        await stats.close();
        // only our own entry: a replica that replaced us has written its own under the same field
        await redis.eval(DELETE_OWN_STATUS, 1, keys.runners(flowId), statusField, status.instance);
        await redis.publish(keys.runnerEvents, JSON.stringify({ flowId, event: "down", stepId, replica }));
        await Promise.all([...next, ownQueue].map((q) => q.close()));
        await Promise.all([redis.quit(), workerConnection.quit().catch(() => {})]);
      })();
      return closing;
    },
  };
}
