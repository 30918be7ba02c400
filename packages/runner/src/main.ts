// Entry of a step runner process: one replica of one step, or (with --step-test) one designer's
// step test of a custom component, answered on stdout.
import { builtinComponents, closeHttpAgent, closeMqttClients, closeMysqlPools, closePostgresPools, egressPolicyFromEnv } from "@interflow/components";
import { redisUrlWithPassword, rememberSecrets, runnerSecretsSchema, SECRETS_ON_STDIN_VARIABLE } from "@interflow/queue";
import { COMPONENT_MODULES_VARIABLE, loadCustomComponents } from "./custom-components";
import { readRunnerEnv } from "./env";
import { createLogger } from "./logger";
import { answerStepTest, STEP_TEST_ARG } from "./one-shot";
import { LOOPBACK_RELAY_ARG, LOOPBACK_RELAY_LISTEN_VARIABLE, LoopbackRelay } from "./loopback-relay";
import { startRunner } from "./runner";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function stepTest(): Promise<void> {
  try {
    const custom = await loadCustomComponents(process.env[COMPONENT_MODULES_VARIABLE]);
    process.stdout.write(`${await answerStepTest(await readStdin(), [...builtinComponents, ...custom])}\n`);
    await Promise.all([closeHttpAgent(), closePostgresPools(), closeMysqlPools(), closeMqttClients()]);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`step test failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

async function replica(): Promise<void> {
  const env = readRunnerEnv();
  const logger = createLogger({ flowId: env.INTERFLOW_FLOW_ID, stepId: env.INTERFLOW_STEP_ID, replica: env.INTERFLOW_REPLICA });
  // a crash Node would print itself goes straight to the terminal, past the redaction of secrets:
  // said through the logger instead (with its stack), then the runner ends as it would have
  const crashed = (error: unknown) => {
    logger.error("step runner crashed", { error: error instanceof Error ? error : String(error) });
    process.exit(1);
  };
  process.on("uncaughtException", crashed);
  process.on("unhandledRejection", crashed);
  // Started by the process runtime with an IPC channel: when the worker goes away, so do we — also
  // while still starting (nothing taken yet, nothing to finish: at once), or the runner would be
  // left behind by a worker killed in the middle of a start
  let shutdown: ((why: string) => Promise<void>) | undefined;
  const workerGone = () => {
    if (shutdown) void shutdown("worker disconnected");
    else {
      logger.info("step runner stopping", { why: "worker disconnected while it started" });
      process.exit(0);
    }
  };
  if (process.send) process.once("disconnect", workerGone);
  try {
    // the step's credential key and the flow's Redis password, on stdin (never in the environment,
    // which docker inspect and /proc show)
    const secrets = env[SECRETS_ON_STDIN_VARIABLE] === "1" ? runnerSecretsSchema.parse(JSON.parse(await readStdin())) : {};
    rememberSecrets([secrets.redisPassword, secrets.credentialKey]);
    // a custom component's runner: its image (or the process runtime) names its code
    const custom = await loadCustomComponents(process.env[COMPONENT_MODULES_VARIABLE]);
    const runner = await startRunner({
      components: [...builtinComponents, ...custom],
      redisUrl: secrets.redisPassword ? redisUrlWithPassword(env.REDIS_URL, secrets.redisPassword) : env.REDIS_URL,
      flowId: env.INTERFLOW_FLOW_ID,
      stepId: env.INTERFLOW_STEP_ID,
      replica: env.INTERFLOW_REPLICA,
      concurrency: env.INTERFLOW_CONCURRENCY,
      retry: { attempts: env.INTERFLOW_RETRY_ATTEMPTS, baseDelayMs: env.INTERFLOW_RETRY_BASE_DELAY_MS, maxDelayMs: 60_000 },
      lockMs: env.INTERFLOW_STEP_LOCK_MS,
      beatMs: env.INTERFLOW_RUNNER_BEAT_MS,
      logger,
      credentialKey: secrets.credentialKey,
    });
    shutdown = async (why: string) => {
      logger.info("step runner stopping", { why });
      const force = setTimeout(() => process.exit(1), 20_000);
      force.unref();
      await runner.close();
      await Promise.all([closeHttpAgent(), closePostgresPools(), closeMysqlPools(), closeMqttClients()]);
      process.exit(0);
    };
    const stop = shutdown;
    process.once("SIGTERM", () => void stop("SIGTERM"));
    process.once("SIGINT", () => void stop("SIGINT"));
    // gone while this runner started: the disconnect has been and gone
    if (process.send && !process.connected) void stop("worker disconnected");
  } catch (error) {
    logger.error("step runner failed to start", { error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
}

/** The loopback relay of a step network (see loopback-relay.ts): until it is stopped. */
async function loopbackRelay(): Promise<void> {
  const listen = /^([^:]+):(\d+)$/.exec(process.env[LOOPBACK_RELAY_LISTEN_VARIABLE] ?? "");
  if (!listen) {
    process.stderr.write(`${LOOPBACK_RELAY_LISTEN_VARIABLE} must say where to listen (host:port)\n`);
    process.exit(2);
  }
  const relay = await LoopbackRelay.start({ host: listen[1] as string, port: Number(listen[2]), policy: egressPolicyFromEnv() });
  if (relay.address !== `${listen[1]}:${listen[2]}`) {
    // the runners were told this port: another one would not do (Docker starts the relay again)
    process.stderr.write(`loopback relay: ${listen[1]}:${listen[2]} is taken\n`);
    process.exit(1);
  }
  process.stdout.write(`loopback relay listening on ${relay.address} (${process.env.INTERFLOW_EGRESS_ALLOW || "nothing allowed"})\n`);
  const stop = () => void relay.close().finally(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

await (process.argv.includes(STEP_TEST_ARG) ? stepTest() : process.argv.includes(LOOPBACK_RELAY_ARG) ? loopbackRelay() : replica());
