import { StepStats, StepRecords } from "@interflow/queue";
import { sharedSandbox } from "@interflow/flow/sandbox";
import { shutdownController } from "./shutdown-signal";
import { builtinComponents } from "@interflow/components";
import { createRedis, flowQueuePrefix, FLUSH_JOB, POLL_JOB, type RetryPolicy, type StepJobData } from "@interflow/queue";
import type { ComponentDefinition, StepLogger } from "@interflow/sdk";
import { type Job, Queue } from "bullmq";
import { openCredentialOf } from "./credential";
import { createPollRunner } from "./poll-run";
import { startPushTrigger } from "./push-run";
import { RunnerPresence } from "./runner-status";
import { evaluatesExpressions, StepExecutor } from "./step-executor";
import { createStepJobProcessor } from "./step-jobs";
import { StepOutput } from "./step-output";
import { StepCollector } from "./step-collector";
import { StepRouter } from "./step-routes";
import { startStepWorker } from "./step-worker";
import { SuspectGate } from "./suspect-gate";
import { loadStep } from "./step-definition";

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
  /** the key of this step's sealed credential, given to this step's runners only (on their stdin) */
  credentialKey?: string;
  /** how long this runner's lock on a job lasts (default STEP_LOCK) */
  lockMs?: number;
  /** how often the runner says it is alive (default RUNNER_BEAT_MS) */
  beatMs?: number;
}

export interface RunningStep {
  close(): Promise<void>;
}

const STEP_SHUTDOWN_GRACE_MS = 10_000;

/** Starts one replica of one step: consumes its queue, runs the component, emits to the next queues. */
export async function startRunner(options: RunnerOptions): Promise<RunningStep> {
  const { flowId, stepId, replica, logger } = options;
  const redis = createRedis(options.redisUrl);
  const { deployment, step, fn } = await loadStep(redis, { flowId, stepId, components: options.components ?? builtinComponents });
  const credential = openCredentialOf({ deployment, stepId, key: options.credentialKey });

  const abort = shutdownController();
  const config = fn.config.parse(step.config);
  const executor = new StepExecutor({ fn, config, mapping: step.mapping, credential, logger, signal: abort.signal, retry: options.retry });
  const router = new StepRouter({ stepId, next: step.next, routes: step.routes });
  // its expression evaluator ready (or failing loudly) before it takes a message
  if (evaluatesExpressions(step) || router.evaluates) await sharedSandbox().warm();
  const prefix = flowQueuePrefix(flowId);
  const next = step.next.map((id) => new Queue(id, { connection: redis, prefix }));
  const ownQueue = new Queue(stepId, { connection: redis, prefix });
  const stats = new StepStats(redis, flowId, stepId);
  const output = new StepOutput({ redis, flowId, stepId, next, ownQueue });
  const records = new StepRecords({ stepId, replica, flowVersion: deployment.flowVersion, next: step.next.length, mode: deployment.executions });

  const collect = fn.kind === "action" ? fn.collect?.(config) : undefined;
  const collector = collect ? new StepCollector({ redis, flowId, stepId, flowVersion: deployment.flowVersion, policy: collect, output, router, records, stats, logger, ownQueue }) : undefined;
  if (collector?.evaluates) await sharedSandbox().warm();
  const processPoll = createPollRunner({ redis, flowId, stepId, flowVersion: deployment.flowVersion, fn, config, credential, output, router, records, stats, logger, signal: abort.signal });
  // a job that stalled runs alone: no new jobs are fetched meanwhile (see suspect-gate.ts)
  const gate = new SuspectGate({ pause: () => worker.pause(true), resume: () => worker.resume() });
  const processMessages = createStepJobProcessor({ redis, flowId, stepId, flowVersion: deployment.flowVersion, executor, records, output, router, collector, stats, gate, logger, credentialId: step.credential?.id });
  const processJob = (job: Job<StepJobData>, token?: string) => {
    if (job.name === POLL_JOB.name) return processPoll(job, token);
    if (job.name === FLUSH_JOB.name) return collector ? collector.flush(job) : Promise.resolve();
    return processMessages(job, token);
  };

  const { worker, run, close: closeWorker } = await startStepWorker({ redisUrl: options.redisUrl, stepId, prefix, concurrency: options.concurrency, lockMs: options.lockMs, process: processJob, stats, logger });
  run();
  // a batch closed but not emitted when the last runner stopped (a kill between the two) goes out now
  await collector?.emitSealed();
  collector?.startSweeping();

  // a push trigger's subscription: after the queue worker runs (its own queue holds replays)
  const subscription = await startPushTrigger({ flowId, stepId, replica, flowVersion: deployment.flowVersion, fn, config, credential, output, router, records, stats, logger, signal: abort.signal });

  const presence = new RunnerPresence(redis, { flowId, stepId, replica, flowVersion: deployment.flowVersion });
  await presence.up(options.beatMs);
  logger.info("step runner consuming", { queue: `${prefix}:${stepId}`, concurrency: options.concurrency, credentialId: step.credential?.id, executions: deployment.executions });

  let closing: Promise<void> | undefined;
  return {
    close: () => {
      closing ??= (async () => {
        // Let the messages in hand finish (their emits complete the jobs); abort component calls
        // only if that takes too long, so a stop or scale-down does not cut requests in half.
        const impatient = setTimeout(() => abort.abort(), STEP_SHUTDOWN_GRACE_MS);
        // the source keeps what comes from now on (unacknowledged messages go back to it)
        await subscription?.close();
        await closeWorker();
        clearTimeout(impatient);
        collector?.stopSweeping();
        await stats.close();
        await presence.down();
        await Promise.all([...next, ownQueue].map((q) => q.close()));
        await redis.quit();
      })();
      return closing;
    },
  };
}
