/**
 * How a component tells the runner what went wrong. The runner classifies every failure in one
 * exhaustive switch (packages/runner): a RetryableError is retried with exponential backoff
 * (honouring `retryAfterMs`), a StepError goes straight to the flow's error store with its details,
 * and any other thrown value counts as a StepError.
 */
export class RetryableError extends Error {
  readonly retryAfterMs: number | undefined;
  readonly details: unknown;
  constructor(message: string, options: { retryAfterMs?: number; details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "RetryableError";
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details;
  }
}

export class StepError extends Error {
  readonly details: unknown;
  constructor(message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "StepError";
    this.details = options.details;
  }
}

/** Thrown by a webhook trigger's `parseRequest` for a request it refuses (the gateway answers `status`). */
export class WebhookRequestError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = "WebhookRequestError";
    this.status = status;
  }
}
