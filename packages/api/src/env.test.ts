import { describe, expect, it } from "vitest";
import { readApiEnv } from "./env";

const SECRET = "s".repeat(32);

describe("readApiEnv", () => {
  it("defaults the gateway URL and the web app's URL", () => {
    const env = readApiEnv({ DATABASE_URL: "postgres://u:p@db:5432/x", REDIS_URL: "redis://r:6379", BETTER_AUTH_SECRET: SECRET });
    expect(env.INTERFLOW_GATEWAY_URL).toBe("http://localhost:3001");
    expect(env.BETTER_AUTH_URL).toBe("http://localhost:3000");
  });

  it("names each missing or malformed variable", () => {
    expect(() => readApiEnv({ REDIS_URL: "not a url" })).toThrow(/DATABASE_URL: .*; REDIS_URL: REDIS_URL must be a redis:\/\/ URL/);
  });

  it("refuses a missing or short session secret", () => {
    const base = { DATABASE_URL: "postgres://u:p@db:5432/x", REDIS_URL: "redis://r:6379" };
    expect(() => readApiEnv(base)).toThrow(/BETTER_AUTH_SECRET/);
    expect(() => readApiEnv({ ...base, BETTER_AUTH_SECRET: "short" })).toThrow(/at least 32 characters/);
  });
});
