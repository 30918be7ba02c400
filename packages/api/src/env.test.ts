import { randomBytes } from "node:crypto";
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

  it("reads the encryption key, and names it when it is not 32 bytes, never quoting it", () => {
    const base = { DATABASE_URL: "postgres://u:p@db:5432/x", REDIS_URL: "redis://r:6379", BETTER_AUTH_SECRET: SECRET };
    expect(readApiEnv(base).INTERFLOW_ENCRYPTION_KEY).toBeUndefined();
    const key = randomBytes(32);
    expect(readApiEnv({ ...base, INTERFLOW_ENCRYPTION_KEY: key.toString("base64") }).INTERFLOW_ENCRYPTION_KEY?.bytes().equals(key)).toBe(true);
    expect(readApiEnv({ ...base, INTERFLOW_ENCRYPTION_KEY: key.toString("hex") }).INTERFLOW_ENCRYPTION_KEY?.id).toMatch(/^[0-9a-f]{8}$/);
    const short = randomBytes(24).toString("base64");
    expect(() => readApiEnv({ ...base, INTERFLOW_ENCRYPTION_KEY: short })).toThrow(/^invalid environment: INTERFLOW_ENCRYPTION_KEY: INTERFLOW_ENCRYPTION_KEY must be 32 random bytes .*it holds 24 bytes$/);
    expect(() => readApiEnv({ ...base, INTERFLOW_ENCRYPTION_KEY: short })).not.toThrow(short);
  });
});
