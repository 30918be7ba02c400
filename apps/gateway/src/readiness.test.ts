// The gateway while its Redis is away: a webhook is answered 503 with Retry-After within a second
// (never left hanging), /readyz says why, /healthz stays alive; once Redis is back, both recover.
// A Redis server of this test's own (killed, paused and started again), not the suite's.
import { randomUUID } from "node:crypto";
import { createRedis, keys, type Route } from "@interflow/queue";
import { type OwnRedis, ownRedis } from "@interflow/queue/testing/own-redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "./gateway";

let redis: OwnRedis;
let gateway: RunningGateway;
const flowId = `gr${randomUUID().replaceAll("-", "")}`;
const route: Route = {
  flowId,
  workspaceId: "ws-readiness",
  flowVersion: 1,
  state: "running",
  triggerStepId: "hook",
  component: "webhook",
  function: "receive",
  config: {},
  limits: { messages: 75_000, bytes: 200 * 1024 * 1024 },
};

async function webhook(): Promise<{ status: number; retryAfter: string | null; ms: number; body: { error?: string } }> {
  const started = Date.now();
  const response = await fetch(`${gateway.url}/hook/${flowId}`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"n":1}', signal: AbortSignal.timeout(10_000) });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), ms: Date.now() - started, body: (await response.json()) as { error?: string } };
}

type Readiness = { ready: boolean; checks: Record<string, { ok: boolean; error?: string }> };
async function ready(): Promise<{ status: number; body: Readiness }> {
  const response = await fetch(`${gateway.url}/readyz`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json()) as Readiness };
}

beforeAll(async () => {
  redis = await ownRedis();
  const client = createRedis(redis.url);
  await client.hset(keys.routes, flowId, JSON.stringify(route));
  await client.quit();
  gateway = await startGateway({ REDIS_URL: redis.url, GATEWAY_PORT: 0, GATEWAY_HOST: "127.0.0.1", INTERFLOW_BODY_LIMIT: 1024 });
});

afterAll(async () => {
  await redis?.remove();
  await gateway?.close().catch(() => {});
});

describe("the gateway without its Redis", () => {
  it("is ready with Redis, and takes webhooks", async () => {
    expect(await ready()).toEqual({ status: 200, body: { ready: true, checks: { redis: { ok: true } } } });
    expect((await webhook()).status).toBe(202);
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });

  it("answers 503 with Retry-After within a second while Redis is down, says so at /readyz, and recovers when it is back", async () => {
    await redis.kill();
    for (let i = 0; i < 3; i++) {
      const answer = await webhook();
      expect(answer).toMatchObject({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
      expect(answer.body.error).toMatch(/nothing was accepted/);
      expect(answer.ms).toBeLessThan(1_000);
    }
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ ready: false, checks: { redis: { ok: false, error: expect.stringMatching(/redis/i) } } });
    // alive all the same: a supervisor must not restart it for what it cannot fix
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);

    await redis.start();
    await expect.poll(async () => (await ready()).status, { timeout: 15_000 }).toBe(200);
    await expect.poll(async () => (await webhook()).status, { timeout: 5_000 }).toBe(202);
  });

  it("answers 503 within a second while Redis hangs (it answers nothing), and recovers when it answers again", async () => {
    redis.pause();
    try {
      const answer = await webhook();
      expect(answer).toMatchObject({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
      expect(answer.ms).toBeLessThan(1_500);
      // sent, not confirmed: Redis may carry it out once it answers again, and the answer says so
      expect(answer.body.error).toMatch(/not confirmed in time, so it may arrive once all the same/);
      const hung = await ready();
      expect(hung.status).toBe(503);
      expect(hung.body.checks.redis).toMatchObject({ ok: false, error: expect.stringMatching(/redis/i) });
    } finally {
      redis.resume();
    }
    await expect.poll(async () => (await ready()).status, { timeout: 15_000 }).toBe(200);
    await expect.poll(async () => (await webhook()).status, { timeout: 5_000 }).toBe(202);
  });
});
