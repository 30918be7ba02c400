// The worker's /healthz and /readyz: PostgreSQL and Redis checked as it runs (Docker too, with the
// Docker runtime); Redis killed → not ready, saying why, yet alive; Redis back → ready again.
// A Redis server of this test's own (the suite's stays up), and a database of its own.
import { applyMigrations } from "@interflow/db";
import { type OwnRedis, ownRedis } from "@interflow/queue/testing/own-redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readWorkerEnv } from "./env";
import { recreateDatabase, withDatabase } from "./testing/database";
import { workerEnvOf } from "./testing/harness";
import { type RunningWorker, startWorker } from "./worker";

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
let redis: OwnRedis;
let worker: RunningWorker;

type Readiness = { ready: boolean; role: string; checks: Record<string, { ok: boolean; error?: string }> };
async function get(path: "/healthz" | "/readyz"): Promise<{ status: number; body: Readiness }> {
  const response = await fetch(`${worker.healthUrl}${path}`, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: (await response.json()) as Readiness };
}

beforeAll(async () => {
  redis = await ownRedis();
  const databaseUrl = withDatabase(process.env.DATABASE_URL as string, "interflow_worker_health");
  await recreateDatabase(process.env.DATABASE_URL as string, "interflow_worker_health");
  await applyMigrations({ databaseUrl });
  worker = await startWorker(readWorkerEnv(workerEnvOf({ databaseUrl, redisUrl: redis.url })), quiet);
});

afterAll(async () => {
  await worker?.close();
  await redis?.remove();
});

describe("worker health", () => {
  it("is alive and ready as the leader while PostgreSQL and Redis answer", async () => {
    expect(await get("/healthz")).toEqual({ status: 200, body: { ok: true, role: "leader" } });
    expect(await get("/readyz")).toEqual({ status: 200, body: { ready: true, role: "leader", checks: { postgres: { ok: true }, redis: { ok: true } } } });
    expect((await fetch(`${worker.healthUrl}/metrics-nope`)).status).toBe(404);
  });

  it("is not ready while Redis is down, says why, stays alive, and is ready again once Redis is back", async () => {
    await redis.kill();
    try {
      const down = await get("/readyz");
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ ready: false, checks: { postgres: { ok: true }, redis: { ok: false, error: expect.stringMatching(/redis/i) } } });
      expect((await get("/healthz")).status).toBe(200);
    } finally {
      await redis.start();
    }
    await expect.poll(async () => (await get("/readyz")).status, { timeout: 15_000 }).toBe(200);
  });
});
