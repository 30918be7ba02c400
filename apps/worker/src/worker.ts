import { createDb, ENCRYPTION_KEY_VARIABLE, openSecrets } from "@interflow/db";
import { configureSharedSandbox } from "@interflow/flow/sandbox";
import { configureEgress, type EgressPolicy, egressPolicyFromEnv } from "@interflow/components";
import { CONTROL_JOB, CONTROL_QUEUE, type ControlCommand, createControlQueue, createRedis, sendControlCommand, type DeployedStep, keys, type Redis, recordRunnerRestart, redisUrlWithoutCredentials, StepLogWriter, deriveWebhookKey, WEBHOOK_KEY_VARIABLE } from "@interflow/queue";
import { COMPONENT_MODULES_VARIABLE, type OpenSecrets, startStepTestProcessor, type StepTestProcessor } from "@interflow/runner";
import { createHash } from "node:crypto";
import { describeExit, DockerStepRuntime, ProcessStepRuntime, type RunnerInfo, type StepRuntime } from "@interflow/runtime";
import { Worker } from "bullmq";
import type { WorkerEnv } from "./env";
import { type ContainerNetwork, prepareContainerNetwork } from "./container-network";
import { CustomComponents } from "./custom-components";
import { ErrorNotifier } from "./executions/error-notifications";
import { ExecutionRecorder } from "./executions/execution-recorder";
import { ExecutionUpkeep } from "./executions/execution-upkeep";
import { customStepTests } from "./custom-step-tests";
import { FlowController, type Logger } from "./flow-controller";
import { startHealthServer, workerChecks } from "./health-server";
import { LeaderLease } from "./lease";
import { FlowMonitor } from "./monitor";
import { RunnerLiveness } from "./runner-liveness";
import { RunnerRedisUsers } from "./runner-redis-users";
import { RunnerSupervisor } from "./supervisor";

export interface RunningWorker {
  /** where it answers /healthz and /readyz */
  healthUrl: string;
  close(): Promise<void>;
}

/**
 * The orchestrator: one leader carries out control commands and keeps flows as the database says.
 * Every worker process, leader or not, runs the designer's step tests.
 */
/** Why the process runtime does not run custom components' code unless the installation says it may. */
export const UNSANDBOXED_REFUSAL =
  "custom components run only in containers (the Docker runtime), and steps run as processes here (no Docker daemon answered the worker): start Docker, " +
  "or set INTERFLOW_ALLOW_UNSANDBOXED_CODE=1 to run custom code as processes of the worker's user (it can then read what the worker can)";

export async function startWorker(env: WorkerEnv, logger: Logger): Promise<RunningWorker> {
  // step tests evaluate expressions and send requests here: with the limits and network rules the runners get
  configureSharedSandbox({ timeoutMs: env.INTERFLOW_EXPRESSION_TIMEOUT_MS, memoryMb: env.INTERFLOW_EXPRESSION_MEMORY_MB });
  await configureEgress(egressPolicyFromEnv({ INTERFLOW_EGRESS_ALLOW: env.INTERFLOW_EGRESS_ALLOW, INTERFLOW_PLATFORM_PORTS: env.INTERFLOW_PLATFORM_PORTS }));
  // what every runner gets of the network rules (a container on its own network: the loopback relay too)
  const egressEnv = { INTERFLOW_EGRESS_ALLOW: env.INTERFLOW_EGRESS_ALLOW, INTERFLOW_PLATFORM_PORTS: env.INTERFLOW_PLATFORM_PORTS };
  const encryptionKey = env[ENCRYPTION_KEY_VARIABLE] ?? null;
  if (!encryptionKey) logger.warn(`no ${ENCRYPTION_KEY_VARIABLE}: credentials cannot be verified here, and flows whose steps sign in with one do not start`);
  // verifying a credential: its secrets come sealed with the installation's key, opened only here
  const opener: OpenSecrets | undefined = encryptionKey ? ({ credentialId, envelope }) => openSecrets({ key: encryptionKey, credentialId, envelope }) : undefined;
  const db = createDb(env.DATABASE_URL);
  const redis = createRedis(env.REDIS_URL);
  const logs = new StepLogWriter(redis);
  const onOutput = (runner: RunnerInfo, line: string) => {
    process.stdout.write(`[${runner.flowId.slice(0, 8)}/${runner.stepId}.${runner.replica}] ${line}\n`);
    logs.add({ flowId: runner.flowId, stepId: runner.stepId, replica: runner.replica, line });
  };
  const egress = egressPolicyFromEnv({ INTERFLOW_EGRESS_ALLOW: env.INTERFLOW_EGRESS_ALLOW, INTERFLOW_PLATFORM_PORTS: env.INTERFLOW_PLATFORM_PORTS });
  const { runtime, network } = await stepRuntimeOf(env, { onOutput, redis, egress, logger });
  // each flow's runners sign in to Redis as a user of their own, limited to that flow's keys
  const redisUsers = new RunnerRedisUsers({ redis, redisUrl: env.REDIS_URL, logger }, { wanted: env.INTERFLOW_RUNNER_REDIS_USERS });
  await redisUsers.start();
  const customComponents = new CustomComponents(db, env.INTERFLOW_COMPONENTS_DIR, runtime.kind === "process" && !env.INTERFLOW_ALLOW_UNSANDBOXED_CODE ? UNSANDBOXED_REFUSAL : undefined);
  const stepTests: StepTestProcessor = await startStepTestProcessor({
    redisUrl: env.REDIS_URL,
    logger,
    openSecrets: opener,
    // a custom component's tests run in a runner of its own image, never in this process
    elsewhere: customStepTests({ db, runtime, components: customComponents, openSecrets: opener, env: { ...egressEnv, ...network.env } }),
  });
  const supervisor = new RunnerSupervisor(
    runtime,
    (deployment, stepId, replica) => ({
      // a custom component's code: in its own image (docker), else from the file the worker wrote
      ...(runtime.kind === "process" ? moduleOf(customComponents, deployment.steps[stepId]) : {}),
      ...network.env,
      REDIS_URL: network.redisUrl(redisUsers.urlOf(deployment.flowId)),
      INTERFLOW_FLOW_ID: deployment.flowId,
      INTERFLOW_STEP_ID: stepId,
      INTERFLOW_REPLICA: String(replica),
      INTERFLOW_CONCURRENCY: String(deployment.steps[stepId]?.concurrency ?? env.INTERFLOW_RUNNER_CONCURRENCY),
      INTERFLOW_RETRY_ATTEMPTS: String(env.INTERFLOW_RETRY_ATTEMPTS),
      INTERFLOW_RETRY_BASE_DELAY_MS: String(env.INTERFLOW_RETRY_BASE_DELAY_MS),
      INTERFLOW_STEP_LOCK_MS: String(env.INTERFLOW_STEP_LOCK_MS),
      INTERFLOW_EXPRESSION_TIMEOUT_MS: String(env.INTERFLOW_EXPRESSION_TIMEOUT_MS),
      INTERFLOW_EXPRESSION_MEMORY_MB: String(env.INTERFLOW_EXPRESSION_MEMORY_MB),
      INTERFLOW_RUNNER_BEAT_MS: String(env.INTERFLOW_RUNNER_BEAT_MS),
      INTERFLOW_HTTP_RESPONSE_LIMIT: String(env.INTERFLOW_HTTP_RESPONSE_LIMIT),
      ...(process.env.LOG_LEVEL ? { LOG_LEVEL: process.env.LOG_LEVEL } : {}),
      ...egressEnv,
    }),
    {
      onRestart: ({ flowId, stepId, replica, delayMs, exit }) => {
        const reason = describeExit(exit);
        logger.warn("step runner exited unexpectedly; restarting", { flowId, stepId, replica, reason, code: exit.code, signal: exit.signal, delayMs, lastOutput: exit.lastOutput.slice(-3) });
        logs.add({ flowId, stepId, replica, line: `[interflow] replica ${replica} exited unasked (${reason}); restarting in ${delayMs} ms` });
        void recordRunnerRestart(redis, { flowId, stepId, replica, reason, oomKilled: exit.oomKilled }).catch(() => {});
      },
      onUnresponsive: ({ flowId, stepId, replica, reason }) => {
        logs.add({ flowId, stepId, replica, line: `[interflow] replica ${replica} ${reason}` });
        void recordRunnerRestart(redis, { flowId, stepId, replica, reason }).catch(() => {});
      },
    },
    env.INTERFLOW_RESTART_MAX_DELAY_MS,
  );
  // executions: what runners hand over, written in bulk; failed messages told to error flows
  const commands = createControlQueue(redis);
  // a sleeping error flow is woken as a webhook wakes it: by a command (the leader carries it out)
  const wake = (flowId: string, workspaceId: string, cause: string) => sendControlCommand(commands, { type: "wake", flowId, workspaceId, cause });
  const notifier = new ErrorNotifier({ redis, logger, webUrl: env.BETTER_AUTH_URL, wake });
  const recorder = new ExecutionRecorder({ db, redis, logger, onFailures: (flow, failures) => notifier.notify(flow, failures) }, { intervalMs: env.INTERFLOW_EXECUTIONS_INTERVAL_MS });
  const upkeep = new ExecutionUpkeep({ db, redis, logger }, { failedJobsEveryMs: env.INTERFLOW_FAILED_JOBS_MS, retentionEveryMs: env.INTERFLOW_RETENTION_SWEEP_MS });
  const controller = new FlowController({
    db,
    redis,
    supervisor,
    logger,
    startTimeoutMs: env.INTERFLOW_START_TIMEOUT_MS,
    encryptionKey,
    webhookKey: env[WEBHOOK_KEY_VARIABLE] ?? (encryptionKey ? deriveWebhookKey(encryptionKey.bytes()) : null),
    customComponents,
    redisUsers,
    directEntry: env.INTERFLOW_DIRECT_ENTRY,
    executions: { watch: (flowId) => void recorder.flush(flowId).catch((error: Error) => logger.error("executions of a stopped flow could not be written", { flowId, error: error.message })) },
  });
  const lease = new LeaderLease(redis, env.INTERFLOW_LEASE_TTL_MS);
  // answers before it holds the lease: a standby is alive, and ready to take over
  let leader = false;
  const health = await startHealthServer(
    { role: () => (leader ? "leader" : "standby"), checks: () => workerChecks({ db, redis, docker: runtime instanceof DockerStepRuntime ? runtime : undefined }) },
    { port: env.INTERFLOW_WORKER_PORT, host: env.INTERFLOW_WORKER_HOST },
  );
  const controlConnection = createRedis(env.REDIS_URL, { enableAutoPipelining: false });
  let control: Worker | undefined;
  const monitor = new FlowMonitor(
    { db, redis, controller, logger, encryptionKey },
    {
      intervalMs: env.INTERFLOW_MONITOR_INTERVAL_MS,
      idleSeconds: env.INTERFLOW_IDLE_SECONDS,
      retentionSeconds: env.INTERFLOW_RETENTION_SECONDS,
      stalledAfterMs: env.INTERFLOW_STALLED_AFTER_MS,
      oauth2LookMs: env.INTERFLOW_OAUTH2_LOOK_MS,
      directEntry: env.INTERFLOW_DIRECT_ENTRY,
    },
  );
  const liveness = new RunnerLiveness({ redis, supervisor, logger }, { limitMs: env.INTERFLOW_RUNNER_LIVENESS_MS, checkMs: env.INTERFLOW_RUNNER_BEAT_MS });
  // one shutdown, however often it is asked for (Ctrl-C sends SIGINT, then npm start SIGTERM):
  // a second caller waits for the first shutdown to finish
  let closing: Promise<void> | undefined;
  const close = (p: { keepRunners?: boolean } = {}) => {
    closing ??= shutdown(p.keepRunners ?? false);
    return closing;
  };
  const shutdown = async (keepRunners: boolean) => {
    // Redis may be gone already (npm start's Ctrl-C reaches it too): no step may hang the others,
    // and the step runners (containers outlive this process) are stopped whatever else fails
    await within(5_000, monitor.stop());
    await within(5_000, liveness.stop());
    await within(5_000, control?.close());
    await within(5_000, upkeep.stop());
    if (keepRunners) supervisor.detach();
    else await supervisor.close().catch((error: Error) => logger.error("step runners could not all be stopped", { error: error.message }));
    // runners stopped: their network goes too (kept for the next leader when they stay)
    await within(10_000, network.close({ removeNetwork: !keepRunners }));
    // what the stopped runners handed over is written before the worker goes
    await within(10_000, recorder.stop());
    await within(5_000, stepTests.close());
    await commands.close().catch(() => {});
    await controlConnection.quit().catch(() => {});
    await within(2_000, logs.close());
    await within(2_000, lease.release());
    await within(2_000, health.close());
    await within(2_000, redis.quit());
    await db.close();
  };

  await lease.acquire(
    () => logger.warn("another worker holds the leader lease; waiting", { key: keys.workerLease }),
    () => {
      // a shutdown under way (Redis went first) finishes: it stops the step runners
      if (closing) return;
      logger.error("leader lease lost; stopping this worker so it does not act beside another leader");
      // close() may hang on an unreachable Redis: exit regardless. Process runners go with this
      // process; step containers are left to the next leader, which adopts them.
      setTimeout(() => process.exit(1), 5_000).unref();
      void close({ keepRunners: true }).finally(() => process.exit(1));
    },
  );
  leader = true;
  logger.info("worker is the leader", { runtime: runtime.kind, encryptionKeyId: encryptionKey?.id ?? null, health: health.url });
  await recorder.start();
  await controller.reconcile();
  // containers left by a worker that went away were adopted by the flows that want them; the rest go
  const stray = await supervisor.stopUnwanted();
  if (stray.length > 0) logger.info("stopped step runners no flow wants", { runners: stray.map((r) => `${r.flowId}/${r.stepId}.${r.replica}`) });

  control = new Worker(
    CONTROL_QUEUE.name,
    async (job) => {
      const command: ControlCommand = CONTROL_JOB.schema.parse(job.data);
      switch (command.type) {
        case "start":
          return controller.start(command.flowId, command.cause);
        case "stop":
          return controller.stop(command.flowId, command.cause);
        case "suspend":
          return controller.suspend(command.flowId, command.cause);
        case "resume":
          return controller.resume(command.flowId, command.cause);
        case "wake":
          return controller.wake(command.flowId, command.cause);
        case "redeploy":
          return controller.redeploy(command.flowId, command.cause);
        case "scale":
          if (!command.scale) throw new Error("scale command without its step and replicas");
          return controller.scale(command.flowId, command.scale.stepId, command.scale.replicas, command.cause);
      }
    },
    { connection: controlConnection, prefix: CONTROL_QUEUE.prefix, concurrency: 8 },
  );
  control.on("failed", (job, error) => logger.error("control command failed", { command: job?.data, error: error.message }));
  control.on("error", (error) => logger.error("control queue error", { error: error.message }));
  await control.waitUntilReady();
  monitor.start();
  liveness.start();
  upkeep.start();
  return { healthUrl: health.url, close };
}

/**
 * The process runtime, or the Docker one (checked at once: a missing daemon or image is said here,
 * not at the first start) with the network its containers run on.
 */
async function stepRuntimeOf(
  env: WorkerEnv,
  p: { onOutput: (runner: RunnerInfo, line: string) => void; redis: Redis; egress: EgressPolicy; logger: Logger },
): Promise<{ runtime: StepRuntime; network: ContainerNetwork }> {
  const onOutput = p.onOutput;
  if (env.INTERFLOW_RUNTIME === "process") {
    return { runtime: new ProcessStepRuntime({ runnerEntry: env.INTERFLOW_RUNNER_ENTRY, onOutput }), network: { name: "host", env: {}, redisUrl: (url) => url, close: async () => {} } };
  }
  const installation = env.INTERFLOW_DOCKER_INSTALLATION ?? `redis-${createHash("sha256").update(redisUrlWithoutCredentials(env.REDIS_URL)).digest("hex").slice(0, 12)}`;
  const probe = new DockerStepRuntime({ image: env.INTERFLOW_RUNNER_IMAGE, installation });
  await probe.ping();
  await probe.checkImage();
  const network = await prepareContainerNetwork({ setting: env.INTERFLOW_DOCKER_NETWORK, installation, redis: p.redis, redisUrl: env.REDIS_URL, policy: p.egress, image: env.INTERFLOW_RUNNER_IMAGE, logger: p.logger });
  const runtime = new DockerStepRuntime({
    image: env.INTERFLOW_RUNNER_IMAGE,
    installation,
    network: network.name,
    defaults: { memoryMb: env.INTERFLOW_STEP_MEMORY_MB, cpus: env.INTERFLOW_STEP_CPUS },
    onOutput,
  });
  return { runtime, network };
}

/** Waits for `work` (its failure ignored), but not longer than `ms`. */
function within(ms: number, work: Promise<unknown> | undefined): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([Promise.resolve(work).then(() => {}, () => {}), new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); })]).finally(() => clearTimeout(timer));
}

function moduleOf(components: CustomComponents, step: DeployedStep | undefined): Record<string, string> {
  const file = step && components.moduleFile(step);
  return file ? { [COMPONENT_MODULES_VARIABLE]: file } : {};
}
