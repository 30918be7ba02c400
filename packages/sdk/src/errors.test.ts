import { describe, expect, it } from "vitest";
import { AuthenticationError, RetryableError, StepError } from "./errors";

/** What an error thrown by a custom component looks like here: made by ITS copy of the SDK (same mark, other class). */
function fromAnotherCopy(kind: "retryable" | "step" | "authentication", fields: Record<string, unknown> = {}): Error {
  const error = Object.assign(new Error("from a component's own SDK"), fields);
  Object.defineProperty(error, Symbol.for("interflow.sdk.error-kind"), { value: kind });
  return error;
}

describe("the SDK's errors", () => {
  it("are told apart by their kind, also when a component's own copy of the SDK made them", () => {
    const retryable = fromAnotherCopy("retryable", { retryAfterMs: 500 });
    expect(retryable instanceof RetryableError).toBe(true);
    expect(retryable instanceof StepError).toBe(false);
    const refused = fromAnotherCopy("authentication", { reason: "HTTP 401" });
    expect(refused instanceof AuthenticationError).toBe(true);
    expect(refused instanceof StepError).toBe(true);
    expect(fromAnotherCopy("step") instanceof AuthenticationError).toBe(false);
    expect(new Error("plain") instanceof StepError).toBe(false);
    expect((null as unknown as object) instanceof StepError).toBe(false);
  });

  it("keep instanceof as it was for their own instances and for subclasses", () => {
    class RateLimited extends RetryableError {}
    expect(new RetryableError("x") instanceof RetryableError).toBe(true);
    expect(new AuthenticationError("x") instanceof StepError).toBe(true);
    expect(new StepError("x") instanceof AuthenticationError).toBe(false);
    expect(new RateLimited("x") instanceof RateLimited).toBe(true);
    expect(new RateLimited("x") instanceof RetryableError).toBe(true);
    expect(new RetryableError("x") instanceof RateLimited).toBe(false);
  });
});
