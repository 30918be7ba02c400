// The whole platform minus the web server, for the worker's integration tests: a database and a
// Redis database of its own (the worker acts on every flow it finds), the API as a token caller,
// the webhook gateway and the worker with real runner processes.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type ApiServices, appRouter, closeApiServices, createApiServices, createContext } from "@interflow/api";
import {
  applyMigrations,
  createApiToken,
  createDb,
  createWorkspace,
  type Db,
  ENCRYPTION_KEY_VARIABLE,
  type EncryptionKey,
  generateEncryptionKey,
  parseEncryptionKey,
} from "@interflow/db";
import type { FlowDocument } from "@interflow/flow";
import { createRedis, deriveWebhookKey, flowQueuePrefix, type Redis } from "@interflow/queue";
import { Queue } from "bullmq";
import { expect } from "vitest";
import { type RunningGateway, startGateway } from "../../../gateway/src/gateway";
import { readWorkerEnv } from "../env";
import { type RunningWorker, startWorker } from "../worker";
import { recreateDatabase, withDatabase } from "./database";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const runnerEntry = path.join(root, "packages/runner/dist/main.js");
const quiet = { info: () => {}, warn: () => {}, error: (msg: string, f?: object) => console.error(msg, f) };

export type Caller = ReturnType<typeof appRouter.createCaller>;

/** The worker's environment for a harness's database and Redis (plus `extra`). */
export function workerEnvOf({ databaseUrl, redisUrl, ...extra }: { databaseUrl: string; redisUrl: string } & Record<string, string>): Record<string, string> {
  // the tests' sinks and APIs listen on loopback
  return { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, INTERFLOW_RUNNER_ENTRY: runnerEntry, INTERFLOW_RUNNER_CONCURRENCY: "20", INTERFLOW_EGRESS_ALLOW: "127.0.0.0/8,::1", INTERFLOW_WORKER_PORT: "0", ...extra };
}

export interface Harness {
  db: Db;
  redis: Redis;
  services: ApiServices;
  gateway: RunningGateway;
  worker: RunningWorker;
  /** a token caller in the harness's workspace */
  caller: Caller;
  workspaceId: string;
  databaseUrl: string;
  redisUrl: string;
  /** the key of credentials' secrets, the API's and the worker's (a new one per harness) */
  encryptionKey: EncryptionKey;
  /** the worker's environment variables for that key (a worker process of the test needs them too) */
  encryptionKeyEnv: Record<string, string>;
  /** closes the worker (its runners go with it) and starts a new one with these settings */
  restartWorker(env?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

/** The example flow (webhook → transform → http) delivering to `sinkUrl`/orders. */
export function exampleFlow(sinkUrl: string, name: string, extra: Partial<FlowDocument> = {}): FlowDocument {
  const doc = JSON.parse(readFileSync(path.join(root, "examples/webhook-to-http.json"), "utf8")) as FlowDocument;
  const deliver = doc.nodes.find((n) => n.id === "deliver");
  if (!deliver) throw new Error("example flow lost its deliver step");
  deliver.config = { ...deliver.config, url: `${sinkUrl}/orders` };
  return { ...doc, name, ...extra };
}

export const order = (i: number) => ({
  id: `order-${i}`,
  source: "shop",
  customer: { name: `Customer ${i}`, email: `C${i}@EXAMPLE.ORG` },
  items: [
    { price: 2, quantity: 3 },
    { price: i, quantity: 1 },
  ],
});

/**
 * `inProcessWorker: false` leaves the worker out (the test runs it as a process of its own, see
 * `spawnWorker`); `worker` and `restartWorker` are then not usable.
 */
export async function startHarness(p: {
  database: string;
  redisDb: number;
  workerEnv?: Record<string, string>;
  inProcessWorker?: boolean;
}): Promise<Harness> {
  if (!existsSync(runnerEntry)) {
    const built = spawnSync(process.execPath, ["../../scripts/bundle.mjs", "src/main.ts", "dist/main.js"], { cwd: path.join(root, "packages/runner") });
    if (built.status !== 0) throw new Error(`runner build failed: ${built.stderr}`);
  }
  const databaseUrl = withDatabase(process.env.DATABASE_URL as string, p.database);
  const redisUrl = `${(process.env.REDIS_URL as string).replace(/\/\d+$/, "")}/${p.redisDb}`;
  await recreateDatabase(process.env.DATABASE_URL as string, p.database);
  await applyMigrations({ databaseUrl });
  const redis = createRedis(redisUrl);
  await redis.flushdb();
  const db = createDb(databaseUrl);
  const workspace = await createWorkspace(db, { name: `worker test ${randomUUID()}` });
  const { token } = await createApiToken(db, { workspaceId: workspace.id, name: "worker-test" });
  const encryptionKeyText = generateEncryptionKey();
  const encryptionKey = parseEncryptionKey(encryptionKeyText);
  // as npm start does: the gateway gets the webhook key the worker derives from its encryption key
  const gateway = await startGateway({ REDIS_URL: redisUrl, GATEWAY_PORT: 0, GATEWAY_HOST: "127.0.0.1", INTERFLOW_BODY_LIMIT: 10 * 1024 * 1024, INTERFLOW_WEBHOOK_KEY: deriveWebhookKey(encryptionKey.bytes()) });
  const encryptionKeyEnv = { [ENCRYPTION_KEY_VARIABLE]: encryptionKeyText };
  const services = createApiServices({ databaseUrl, redisUrl, gatewayUrl: gateway.url, encryptionKey });
  const caller = appRouter.createCaller(await createContext({ services, headers: new Headers({ authorization: `Bearer ${token}` }) }));
  const launch = (env: Record<string, string> = {}) =>
    startWorker(readWorkerEnv(workerEnvOf({ databaseUrl, redisUrl, ...encryptionKeyEnv, ...p.workerEnv, ...env })), quiet);
  const noWorker: RunningWorker = { healthUrl: "", close: async () => {} };
  const harness: Harness = {
    db,
    redis,
    services,
    gateway,
    worker: p.inProcessWorker === false ? noWorker : await launch(),
    caller,
    workspaceId: workspace.id,
    databaseUrl,
    redisUrl,
    encryptionKey,
    encryptionKeyEnv,
    restartWorker: async (env) => {
      await harness.worker.close();
      harness.worker = await launch(env);
    },
    close: async () => {
      await harness.worker.close();
      await gateway.close();
      await closeApiServices(services);
      await db.close();
      await redis.quit();
    },
  };
  return harness;
}

/** Imports the flow document, starts it and waits until it runs; its id. */
export async function runningFlow(caller: Caller, document: FlowDocument): Promise<string> {
  const { id } = await caller.flows.import({ document });
  await caller.flows.start({ id });
  await waitForState(caller, id, "running");
  return id;
}

/** Stops the flow and waits until it has stopped. */
export async function stopFlow(caller: Caller, id: string): Promise<void> {
  await caller.flows.stop({ id });
  await waitForState(caller, id, "stopped");
}

export async function waitForState(caller: Caller, id: string, state: string, timeoutMs = 60_000): Promise<void> {
  await expect.poll(async () => (await caller.flows.status({ id })).state, { timeout: timeoutMs, interval: 50 }).toBe(state);
}

/** Messages waiting, active or delayed in the flow's step queues (jobs, not messages). */
export async function unfinishedJobs(redis: Redis, flowId: string, steps = ["webhook", "transform", "deliver"]): Promise<number> {
  let total = 0;
  for (const stepId of steps) {
    const queue = new Queue(stepId, { connection: redis, prefix: flowQueuePrefix(flowId) });
    const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
    total += Object.values(counts).reduce((a, b) => a + b, 0);
    await queue.close();
  }
  return total;
}

/** POSTs one order to the flow's webhook; returns the status. */
export async function postOrder(gatewayUrl: string, flowId: string, i: number): Promise<number> {
  const res = await fetch(`${gatewayUrl}/hook/${flowId}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(order(i)),
  });
  await res.arrayBuffer();
  return res.status;
}
