/**
 * How a component tells the runner what went wrong. The runner classifies every failure in one
 * exhaustive switch (packages/runner): a RetryableError is retried with exponential backoff
 * (honouring `retryAfterMs`), a StepError goes straight to the flow's error store with its details
 * (an AuthenticationError marks the step's credential too), and any other thrown value counts as a StepError.
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

/**
 * A StepError saying the application refused to let the step in (an HTTP API's 401 or 403): the
 * runner marks the step's credential as failed, and the flow's dashboard names it with a link to
 * fix it. `reason` says why in a few words shown on the credential (e.g. "HTTP 401"); like the
 * message and the details, it must never hold a secret.
 */
export class AuthenticationError extends StepError {
  readonly reason: string;
  constructor(message: string, options: { reason?: string; details?: unknown; cause?: unknown } = {}) {
    super(message, options);
    this.name = "AuthenticationError";
    this.reason = options.reason ?? message;
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
