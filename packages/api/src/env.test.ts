import { describe, expect, it } from "vitest";
import { readApiEnv } from "./env";

describe("readApiEnv", () => {
  it("defaults the gateway URL", () => {
    expect(readApiEnv({ DATABASE_URL: "postgres://u:p@db:5432/x", REDIS_URL: "redis://r:6379" }).INTERFLOW_GATEWAY_URL).toBe("http://localhost:3001");
  });

  it("names each missing or malformed variable", () => {
    expect(() => readApiEnv({ REDIS_URL: "not a url" })).toThrow(/DATABASE_URL: .*; REDIS_URL: REDIS_URL must be a redis:\/\/ URL/);
  });
});
