import { assertExhaustive } from "@interflow/flow";
import { AuthenticationError, RetryableError, StepError } from "@interflow/sdk";

export type StepFailure =
  | { kind: "retryable"; message: string; retryAfterMs?: number; details?: unknown }
  | {
      kind: "step-error";
      message: string;
      details?: unknown;
      /** the application refused the step's credential: why, in a few words (e.g. "HTTP 401") */
      credentialRefused?: string;
    };

/** Every failure of a component call is one of these; the switch below is the only place that decides. */
export function classifyFailure(error: unknown): StepFailure {
  if (error instanceof RetryableError) {
    return { kind: "retryable", message: error.message, retryAfterMs: error.retryAfterMs, details: error.details };
  }
  if (error instanceof AuthenticationError) return { kind: "step-error", message: error.message, details: error.details, credentialRefused: error.reason };
  if (error instanceof StepError) return { kind: "step-error", message: error.message, details: error.details };
  if (error instanceof Error) return { kind: "step-error", message: `${error.name}: ${error.message}` };
  return { kind: "step-error", message: `non-error thrown: ${String(error)}` };
}

export type MessageOutcome =
  /** filtered: the step said the message's way ends here (it emitted nothing) */
  | { kind: "emitted"; outputs: Array<{ body: unknown; headers: Record<string, unknown>; delayMs?: number }>; filtered?: true }
  | { kind: "retry"; delayMs: number; failure: StepFailure }
  | { kind: "failed"; failure: StepFailure; attempts: number };

export function describeOutcome(outcome: MessageOutcome): string {
  switch (outcome.kind) {
    case "emitted":
      return `emitted ${outcome.outputs.length}`;
    case "retry":
      return `retry in ${outcome.delayMs} ms: ${outcome.failure.message}`;
    case "failed":
      return `failed after ${outcome.attempts} attempt(s): ${outcome.failure.message}`;
    default:
      return assertExhaustive(outcome, "message outcome");
  }
}
