import { describe, expect, it } from "vitest";
import { classifyFailure } from "./classify";

/** an error as a custom component's own (bundled) copy of the SDK makes it */
function foreign(kind: string, fields: Record<string, unknown>): Error {
  const error = Object.assign(new Error("refused"), fields);
  Object.defineProperty(error, Symbol.for("interflow.sdk.error-kind"), { value: kind });
  return error;
}

describe("classifying a custom component's failures", () => {
  it("retries its RetryableError and marks the credential on its AuthenticationError, as for built-ins", () => {
    expect(classifyFailure(foreign("retryable", { retryAfterMs: 750, details: { status: 503 } }))).toEqual({
      kind: "retryable",
      message: "refused",
      retryAfterMs: 750,
      details: { status: 503 },
    });
    expect(classifyFailure(foreign("authentication", { reason: "HTTP 401" }))).toMatchObject({ kind: "step-error", credentialRefused: "HTTP 401" });
    expect(classifyFailure(foreign("step", { details: { row: 3 } }))).toEqual({ kind: "step-error", message: "refused", details: { row: 3 } });
    expect(classifyFailure(new TypeError("boom"))).toEqual({ kind: "step-error", message: "TypeError: boom" });
  });
});
