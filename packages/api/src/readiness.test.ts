// The web app's /readyz: its PostgreSQL and Redis answer → ready; a Redis that is gone or a
// database that refuses → not ready, naming which (real servers: the suite's, and one of its own).
import { createRedis } from "@interflow/queue";
import { ownRedis } from "@interflow/queue/testing/own-redis";
import { describe, expect, it } from "vitest";
import { apiReadiness } from "./readiness";
import { useTestServices } from "./testing/api-fixture";

const services = useTestServices();

describe("apiReadiness", () => {
  it("is ready while its database and Redis answer, and says which one does not", async () => {
    expect(await apiReadiness(services)).toEqual({ status: 200, body: { ready: true, checks: { postgres: { ok: true }, redis: { ok: true } } } });

    const own = await ownRedis();
    const redis = createRedis(own.url);
    redis.on("error", () => {});
    try {
      await redis.ping();
      await own.kill();
      const down = await apiReadiness({ db: services.db, redis });
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ ready: false, checks: { postgres: { ok: true }, redis: { ok: false, error: expect.stringMatching(/redis/i) } } });
    } finally {
      redis.disconnect();
      await own.remove();
    }
  });
});
