// The path of a message, end to end, on real PostgreSQL, Redis and runner processes:
// API import/start → gateway → webhook → transform → http → a local sink; kill -9 of a runner;
// stop drops what is unprocessed.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type ApiServices, appRouter, closeApiServices, createApiServices, createContext } from "@interflow/api";
import { applyMigrations, createApiToken, createDb, createWorkspace, type Db } from "@interflow/db";
import type { FlowDocument } from "@interflow/flow";
import { createRedis, flowQueuePrefix, keys, type RunnerStatus } from "@interflow/queue";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../../gateway/src/gateway";
import { readWorkerEnv } from "./env";
import { recreateDatabase, withDatabase } from "./testing/database";
import { Sink, sendAll } from "./testing/sink";
import { type RunningWorker, startWorker } from "./worker";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const runnerEntry = path.join(root, "packages/runner/dist/main.js");
// The worker acts on every flow it finds: it gets a database and a Redis db of its own, so the
// flows of other packages' tests (sharing the test services) are not its business.
const databaseUrl = withDatabase(process.env.DATABASE_URL as string, "interflow_worker_test");
const redisUrl = `${(process.env.REDIS_URL as string).replace(/\/\d+$/, "")}/3`;
const redis = createRedis(redisUrl);
const quiet = { info: () => {}, warn: () => {}, error: (msg: string, f?: object) => console.error(msg, f) };

let db: Db;
let services: ApiServices;
let gateway: RunningGateway;
let worker: RunningWorker;
let caller: ReturnType<typeof appRouter.createCaller>;

function exampleFlow(sinkUrl: string, name: string): FlowDocument {
  const doc = JSON.parse(readFileSync(path.join(root, "examples/webhook-to-http.json"), "utf8")) as FlowDocument;
  const deliver = doc.nodes.find((n) => n.id === "deliver");
  if (!deliver) throw new Error("example flow lost its deliver step");
  deliver.config = { ...deliver.config, url: `${sinkUrl}/orders` };
  return { ...doc, name };
}

const order = (i: number) => ({
  id: `order-${i}`,
  source: "shop",
  customer: { name: `Customer ${i}`, email: `C${i}@EXAMPLE.ORG` },
  items: [
    { price: 2, quantity: 3 },
    { price: i, quantity: 1 },
  ],
});

async function waitForState(id: string, state: string, timeoutMs = 60_000) {
  await expect.poll(async () => (await caller.flows.status({ id })).state, { timeout: timeoutMs, interval: 100 }).toBe(state);
}

async function unfinishedJobs(flowId: string): Promise<number> {
  let total = 0;
  for (const stepId of ["webhook", "transform", "deliver"]) {
    const queue = new Queue(stepId, { connection: redis, prefix: flowQueuePrefix(flowId) });
    const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
    total += Object.values(counts).reduce((a, b) => a + b, 0);
    await queue.close();
  }
  return total;
}

async function post(flowId: string, i: number): Promise<number> {
  const res = await fetch(`${gateway.url}/hook/${flowId}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(order(i)),
  });
  await res.arrayBuffer();
  return res.status;
}

beforeAll(async () => {
  if (!existsSync(runnerEntry)) {
    const built = spawnSync(process.execPath, ["../../scripts/bundle.mjs", "src/main.ts", "dist/main.js"], { cwd: path.join(root, "packages/runner") });
    if (built.status !== 0) throw new Error(`runner build failed: ${built.stderr}`);
  }
  await recreateDatabase(process.env.DATABASE_URL as string, "interflow_worker_test");
  await applyMigrations({ databaseUrl });
  await redis.flushdb();
  db = createDb(databaseUrl);
  const workspace = await createWorkspace(db, { name: `lifecycle ${randomUUID()}` });
  const { token } = await createApiToken(db, { workspaceId: workspace.id, name: "lifecycle-test" });
  gateway = await startGateway({ REDIS_URL: redisUrl, GATEWAY_PORT: 0, GATEWAY_HOST: "127.0.0.1", INTERFLOW_BODY_LIMIT: 10 * 1024 * 1024 });
  services = createApiServices({ databaseUrl, redisUrl, gatewayUrl: gateway.url });
  caller = appRouter.createCaller(await createContext({ services, headers: new Headers({ authorization: `Bearer ${token}` }) }));
  worker = await startWorker(
    readWorkerEnv({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, INTERFLOW_RUNNER_ENTRY: runnerEntry, INTERFLOW_RUNNER_CONCURRENCY: "20" }),
    quiet,
  );
});

afterAll(async () => {
  await worker?.close();
  await gateway?.close();
  if (services) await closeApiServices(services);
  await db?.close();
  await redis.quit();
});

describe("a flow end to end", () => {
  it("imports, starts through starting → running, and delivers 1,000 webhooks mapped, none lost, none duplicated", async () => {
    const sink = await new Sink().start();
    try {
      const { id } = await caller.flows.import({ document: exampleFlow(sink.url, "lifecycle: 1000 messages") });
      expect((await caller.flows.status({ id })).state).toBe("stopped");
      await caller.flows.start({ id });
      await waitForState(id, "running");
      const statuses = await sendAll(1000, 50, (i) => post(id, i));
      expect(statuses.filter((s) => s !== 202)).toEqual([]);
      await expect.poll(() => sink.deliveries.length, { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(1000);
      await new Promise((r) => setTimeout(r, 300));
      expect(sink.deliveries.length).toBe(1000);
      expect(sink.distinct("orderId").size).toBe(1000);
      expect(new Set(sink.deliveries.map((d) => d.idempotencyKey)).size).toBe(1000);
      const seven = sink.deliveries.find((d) => d.body.orderId === "order-7");
      expect(seven?.body).toEqual({
        orderId: "order-7",
        customer: "Customer 7",
        email: "c7@example.org",
        total: 13,
        items: 2,
        receivedVia: "POST",
        source: "shop",
      });

      const transitions = (await caller.flows.transitions({ id })).transitions.map((t) => `${t.from}>${t.to}`);
      expect(transitions.slice(0, 2)).toEqual(["starting>running", "stopped>starting"]);
      await caller.flows.stop({ id });
      await waitForState(id, "stopped");
    } finally {
      await sink.close();
    }
  });

  it("loses nothing when runners are killed with SIGKILL mid-stream; a copy carries the same Idempotency-Key", async () => {
    const sink = await new Sink().start();
    sink.delayMs = 50; // the http step always has requests in flight when it is killed
    try {
      const { id } = await caller.flows.import({ document: exampleFlow(sink.url, "lifecycle: kill -9") });
      await caller.flows.start({ id });
      await waitForState(id, "running");
      const sending = sendAll(1000, 20, (i) => post(id, i));
      const pidOf = async (field: string) => (JSON.parse((await redis.hget(keys.runners(id), field)) as string) as RunnerStatus).pid;
      await expect.poll(() => sink.deliveries.length, { timeout: 30_000, interval: 10 }).toBeGreaterThan(150);
      process.kill(await pidOf("transform.0"), "SIGKILL");
      process.kill(await pidOf("deliver.0"), "SIGKILL");
      expect((await sending).filter((s) => s !== 202)).toEqual([]);

      // done when every step queue is empty, the killed runners' jobs included (they come back
      // once their locks expire)
      await expect
        .poll(async () => sink.distinct("orderId").size === 1000 && (await unfinishedJobs(id)) === 0, { timeout: 90_000, interval: 250 })
        .toBe(true);
      const keysByOrder = new Map<unknown, Set<string>>();
      for (const d of sink.deliveries) keysByOrder.set(d.body.orderId, (keysByOrder.get(d.body.orderId) ?? new Set()).add(d.idempotencyKey));
      expect([...keysByOrder.values()].filter((k) => k.size !== 1)).toEqual([]);
      // the requests cut off by the kill were sent again: copies exist, each with its original key
      expect(sink.deliveries.length).toBeGreaterThan(1000);
      expect(Number(await redis.hget(keys.stats(id), "transform.restarts"))).toBeGreaterThanOrEqual(1);
      expect(Number(await redis.hget(keys.stats(id), "deliver.restarts"))).toBeGreaterThanOrEqual(1);
      await caller.flows.stop({ id });
      await waitForState(id, "stopped");
    } finally {
      await sink.close();
    }
  });

  it("a restarted worker brings a running flow's runners back and messages flow again", async () => {
    const sink = await new Sink().start();
    try {
      const { id } = await caller.flows.import({ document: exampleFlow(sink.url, "lifecycle: worker restart") });
      await caller.flows.start({ id });
      await waitForState(id, "running");
      await worker.close(); // its runners go with it; the flow stays running in the database
      expect(await redis.hlen(keys.runners(id))).toBe(0);
      worker = await startWorker(
        readWorkerEnv({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, INTERFLOW_RUNNER_ENTRY: runnerEntry, INTERFLOW_RUNNER_CONCURRENCY: "20" }),
        quiet,
      );
      await expect.poll(() => redis.hlen(keys.runners(id)), { timeout: 30_000 }).toBe(3);
      expect((await caller.flows.status({ id })).state).toBe("running");
      expect(await post(id, 42)).toBe(202);
      await expect.poll(() => sink.distinct("orderId").has("order-42")).toBe(true);
      await caller.flows.stop({ id });
      await waitForState(id, "stopped");
    } finally {
      await sink.close();
    }
  });

  it("stop goes running → stopping → stopped, drops the unprocessed messages and closes the webhook", async () => {
    const sink = await new Sink().start();
    sink.delayMs = 1_000;
    try {
      const { id } = await caller.flows.import({ document: exampleFlow(sink.url, "lifecycle: stop drops") });
      await caller.flows.start({ id });
      await waitForState(id, "running");
      expect((await sendAll(300, 20, (i) => post(id, i))).every((s) => s === 202)).toBe(true);
      await caller.flows.stop({ id });
      await waitForState(id, "stopped", 60_000);

      const [last, stopping] = (await caller.flows.transitions({ id })).transitions;
      expect(`${stopping?.from}>${stopping?.to}`).toBe("running>stopping");
      expect(`${last?.from}>${last?.to}`).toBe("stopping>stopped");
      const dropped = Number(/(\d+) unprocessed message/.exec(last?.cause ?? "")?.[1]);
      expect(dropped).toBeGreaterThan(0);
      expect(sink.deliveries.length + dropped).toBeLessThanOrEqual(300);

      const leftovers = await redis.keys(`if:{${id}}:*`);
      expect(leftovers.filter((k) => !k.endsWith(":stats") && !k.endsWith(":errors"))).toEqual([]);
      expect(await post(id, 1)).toBe(404);
      const delivered = sink.deliveries.length;
      await new Promise((r) => setTimeout(r, 1_500));
      expect(sink.deliveries.length).toBe(delivered);
    } finally {
      await sink.close();
    }
  });
});
