import { describe, expect, it } from "vitest";
import { retryAfterMs } from "./retry-after";

describe("retryAfterMs", () => {
  const now = Date.parse("2025-01-01T12:00:00Z");

  it("reads a delay in seconds", () => {
    expect(retryAfterMs("2", now)).toBe(2000);
    expect(retryAfterMs(" 0 ", now)).toBe(0);
    expect(retryAfterMs(["5", "9"], now)).toBe(5000);
  });

  it("reads an HTTP-date, never below zero", () => {
    expect(retryAfterMs("Wed, 01 Jan 2025 12:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("Wed, 01 Jan 2025 11:00:00 GMT", now)).toBe(0);
  });

  it("ignores absent or unreadable values", () => {
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs("", now)).toBeUndefined();
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs("-3", now)).toBeUndefined();
    expect(retryAfterMs("1.5", now)).toBeUndefined();
  });
});
