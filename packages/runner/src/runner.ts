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
  type Redis,
  recordCredentialFailure,
  type RetryPolicy,
  type RunnerStatus,
  STEP_DEDUPLICATION_TTL_MS,
  STEP_JOB,
  STEP_LOCK,
  type StepJobData,
  stepJobOptions,
} from "@interflow/queue";
import type { ComponentDefinition, StepLogger } from "@interflow/sdk";
import { type Job, Queue, Worker } from "bullmq";
import type { MessageOutcome } from "./classify";
import { safeJson } from "./json";
import { openCredentialOf } from "./credential";
import { childMessage, outputJobId, retryJobId } from "./messages";
import { StepStats } from "./stats";
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
  const executor = new StepExecutor({
    fn,
    config: fn.config.parse(step.config),
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

  const processJob = async (job: Job<StepJobData>) => {
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
    writes.push(redis.eval(COUNT_ONCE, 2, counted, keys.backlog(flowId), String(STEP_DEDUPLICATION_TTL_MS), ...deltas.flat().map(String)));
    // The job completes only after every emit is durably in Redis; a crash before that hands the
    // job to another replica, and the deterministic job ids above keep the re-emit from duplicating.
    await Promise.all(writes);
    stats.add("in", messages.length);
    stats.add("out", children.length);
    stats.add("retries", retries);
    stats.add("errors", errors);
  };

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
