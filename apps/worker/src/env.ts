import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ENCRYPTION_KEY_VARIABLE, optionalEncryptionKeySchema } from "@interflow/db";
import { DEFAULT_EXPRESSION_LIMITS } from "@interflow/flow/sandbox";
import { webhookKeySchema, RUNNER_BEAT_MS, RUNNER_LIVENESS_MS, WEBHOOK_KEY_VARIABLE } from "@interflow/queue";
import { z } from "zod";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The installation's key of credentials' secrets; never quoted in a message, never passed to a runner. */
const encryptionKeySchema = optionalEncryptionKeySchema;

export const workerEnvSchema = z.object({
  DATABASE_URL: z.string().min(1, "DATABASE_URL must name the PostgreSQL database"),
  REDIS_URL: z.string().url(),
  INTERFLOW_RUNTIME: z.enum(["process", "docker"], { error: 'must be "process" or "docker"' }).default("process").describe("how step replicas run: a child process each, or a Docker container each (npm start picks docker when a daemon answers)"),
  INTERFLOW_RUNNER_IMAGE: z.string().min(1).default("interflow/runner:latest").describe("docker: the runner image (npm run docker:images builds it)"),
  INTERFLOW_DOCKER_NETWORK: z.string().default("").describe("docker: the network step containers join. Unset: one of the installation's own, fenced (see container-network.ts); \"host\": the host's network (they reach whatever the host does); another name: that network as it is (compose: one holding Redis and the steps only)"),
  INTERFLOW_DOCKER_INSTALLATION: z.string().regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, _ . - only").optional().describe("docker: tells this installation's containers from another's on the same daemon (default: from REDIS_URL)"),
  INTERFLOW_STEP_MEMORY_MB: z.coerce.number().int().min(32).default(256).describe("docker: each replica's memory limit (MiB) and CPUs, unless its step sets its own"),
  INTERFLOW_STEP_CPUS: z.coerce.number().min(0.05).default(1).describe("docker: each replica's CPUs, unless its step sets its own"),
  INTERFLOW_COMPONENTS_DIR: z.string().min(1).default(path.join(os.tmpdir(), "interflow-components")).describe("process runtime: where custom components' code is written for their runners"),
  INTERFLOW_RUNNER_ENTRY: z.string().default(path.join(repoRoot, "packages/runner/dist/main.js")).describe("process runtime: the runner program each step replica runs"),
  INTERFLOW_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5).describe("the step runners' tries of a message that failed in a way worth trying again, the first one included"),
  INTERFLOW_RETRY_BASE_DELAY_MS: z.coerce.number().int().min(1).default(1_000).describe("the first delay before a message is tried again (it doubles with each try)"),
  INTERFLOW_STEP_LOCK_MS: z.coerce.number().int().min(500).default(10_000).describe("how long a step runner's lock on a job lasts: a runner that stopped (crash, kill) gives its jobs back after it"),
  INTERFLOW_RUNNER_REDIS_USERS: z
    .enum(["0", "1"], { error: 'INTERFLOW_RUNNER_REDIS_USERS must be "0" or "1"' })
    .default("1")
    .transform((v) => v === "1").describe("1: each flow's runners sign in to Redis as a user of their own, limited to that flow's keys (0: as the platform does)"),
  INTERFLOW_ALLOW_UNSANDBOXED_CODE: z
    .enum(["0", "1"], { error: 'INTERFLOW_ALLOW_UNSANDBOXED_CODE must be "0" or "1"' })
    .default("0")
    .transform((v) => v === "1").describe("the process runtime runs custom components' code (as the worker's user, not contained) only when this is 1"),
  INTERFLOW_EGRESS_ALLOW: z.string().default("").describe("where steps may connect besides the public internet (CIDRs and host names, comma-separated; unset: nowhere on this machine or its private networks), and the platform's own ports, which stay closed on loopback whatever the list says — both passed on to the runners"),
  INTERFLOW_PLATFORM_PORTS: z.string().default("").describe("the platform's own ports on this machine (comma-separated): closed to steps whatever INTERFLOW_EGRESS_ALLOW says (npm start sets them)"),
  INTERFLOW_EXPRESSION_TIMEOUT_MS: z.coerce.number().int().min(10).max(600_000).default(DEFAULT_EXPRESSION_LIMITS.timeoutMs).describe("one JSONata evaluation's limits (runners, step tests): its time, and its evaluator's memory"),
  INTERFLOW_EXPRESSION_MEMORY_MB: z.coerce.number().int().min(16).max(16_384).default(DEFAULT_EXPRESSION_LIMITS.memoryMb).describe("the memory of a runner's JSONata evaluator (MiB): an expression past it fails its message"),
  INTERFLOW_HTTP_RESPONSE_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024)
    .describe("the most of a response body an http step reads (bytes): past it the request fails (passed to the step runners)"),
  INTERFLOW_RESTART_MAX_DELAY_MS: z.coerce.number().int().min(100).default(30_000).describe("the longest wait before a step runner that keeps crashing is started again (the waits double up to it)"),
  INTERFLOW_RUNNER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(50).describe("messages jobs a replica works on at once (prefetch)"),
  INTERFLOW_DIRECT_ENTRY: z
    .enum(["0", "1"], { error: 'INTERFLOW_DIRECT_ENTRY must be "0" or "1"' })
    .default("1")
    .transform((v) => v === "1")
    .describe("1: the gateway hands a webhook straight to the trigger's next steps when the trigger only passes it on (the built-in webhook without a mapping or conditions), one hop less per message; 0: every webhook goes through the trigger step's runner"),
  INTERFLOW_START_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000).describe("how long a start may wait for every step runner to be up"),
  INTERFLOW_LEASE_TTL_MS: z.coerce.number().int().min(500).default(15_000).describe("the leader lease's time to live: how long a dead leader blocks a new one"),
  INTERFLOW_MONITOR_INTERVAL_MS: z.coerce.number().int().min(50).default(1_000).describe("how often the leader checks running flows' queues (limits, idleness) and suspended flows' retention"),
  INTERFLOW_RUNNER_BEAT_MS: z.coerce.number().int().min(100).default(RUNNER_BEAT_MS).describe("how often runners say they are alive, and how long the worker waits without a sign before it replaces one"),
  INTERFLOW_RUNNER_LIVENESS_MS: z.coerce.number().int().min(1_000).default(RUNNER_LIVENESS_MS).describe("a runner silent this long is replaced (at least 3 × INTERFLOW_RUNNER_BEAT_MS)"),
  INTERFLOW_IDLE_SECONDS: z.coerce.number().min(0.5).default(60).describe("an ordinary flow whose queues stay empty this long sleeps, unless its document sets settings.idleSeconds"),
  INTERFLOW_STALLED_AFTER_MS: z.coerce.number().int().min(500).default(60_000).describe("a starting/stopping/suspending flow older than this has its transition finished again"),
  INTERFLOW_RETENTION_SECONDS: z.coerce.number().min(1).default(7 * 24 * 3600).describe("how long a suspended flow's messages are kept before they are dropped (and counted)"),
  INTERFLOW_WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(3002).describe("where the worker answers /healthz and /readyz (0: a port the system picks)"),
  INTERFLOW_WORKER_HOST: z.string().min(1).default("127.0.0.1").describe("the address the worker's /healthz, /readyz and /metrics listen on"),
  BETTER_AUTH_URL: z.string().url().default("http://localhost:3000").describe("the web app's address, for links to executions in error notifications (npm start sets it as BETTER_AUTH_URL)"),
  INTERFLOW_EXECUTIONS_INTERVAL_MS: z.coerce.number().int().min(10).default(200).describe("how often the leader writes what runners handed over of executions, when nothing waited"),
  INTERFLOW_FAILED_JOBS_MS: z.coerce.number().int().min(50).default(5_000).describe("how often the leader moves jobs that failed for good into the failed messages"),
  INTERFLOW_RETENTION_SWEEP_MS: z.coerce.number().int().min(50).default(60_000).describe("how often the leader applies executions' retention and row caps"),
  INTERFLOW_OAUTH2_LOOK_MS: z.coerce.number().int().min(50).default(10_000).describe("how often the leader looks for OAuth2 tokens of running flows that expire within 5 minutes"),
  [WEBHOOK_KEY_VARIABLE]: webhookKeySchema
    .describe("seals webhooks' credentials for the gateways (the gateways' key): default, derived from INTERFLOW_ENCRYPTION_KEY — give the gateways the same (npm start does)"),
  [ENCRYPTION_KEY_VARIABLE]: encryptionKeySchema.describe("opens credentials' secrets (the same key as the web app's): to verify credentials and to hand each step its own. Without it, verifying says so and flows whose steps use credentials do not start."),
});
export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export function readWorkerEnv(env: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const parsed = workerEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`worker environment is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  if (parsed.data.INTERFLOW_RUNNER_LIVENESS_MS < 3 * parsed.data.INTERFLOW_RUNNER_BEAT_MS) {
    throw new Error(
      `worker environment is invalid: INTERFLOW_RUNNER_LIVENESS_MS (${parsed.data.INTERFLOW_RUNNER_LIVENESS_MS}) must be at least 3 × INTERFLOW_RUNNER_BEAT_MS (${parsed.data.INTERFLOW_RUNNER_BEAT_MS}): a runner that misses a beat or two is not stuck`,
    );
  }
  return parsed.data;
}
