/**
 * How a component tells the runner what went wrong. The runner classifies every failure in one
 * exhaustive switch (packages/runner): a RetryableError is retried with exponential backoff
 * (honouring `retryAfterMs`), a StepError goes straight to the flow's error store with its details
 * (an AuthenticationError marks the step's credential too), and any other thrown value counts as a StepError.
 */
/**
 * What kind of failure an error is, under a registered symbol: a custom component bundles its own
 * copy of this SDK, so the runner's `instanceof` answers from this mark, not from the class.
 */
const ERROR_KIND = Symbol.for("interflow.sdk.error-kind");
type ErrorKind = "retryable" | "step" | "authentication";

function kindOf(value: unknown): ErrorKind | undefined {
  return typeof value === "object" && value !== null ? ((value as Record<symbol, unknown>)[ERROR_KIND] as ErrorKind | undefined) : undefined;
}

function mark(error: Error, kind: ErrorKind): void {
  Object.defineProperty(error, ERROR_KIND, { value: kind, enumerable: false, configurable: true });
}

/** `instanceof` for the SDK's own classes by the mark (any copy of the SDK); subclasses as usual. */
function isKind(this: unknown, base: unknown, value: unknown, kinds: readonly ErrorKind[]): boolean {
  if (this !== base) return Function.prototype[Symbol.hasInstance].call(this, value);
  const kind = kindOf(value);
  return kind !== undefined && kinds.includes(kind);
}

export class RetryableError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof asks about, a subclass answering as usual
    return isKind.call(this, RetryableError, value, ["retryable"]);
  }
  readonly retryAfterMs: number | undefined;
  readonly details: unknown;
  constructor(message: string, options: { retryAfterMs?: number; details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    mark(this, "retryable");
    this.name = "RetryableError";
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details;
  }
}

export class StepError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof asks about, a subclass answering as usual
    return isKind.call(this, StepError, value, ["step", "authentication"]);
  }
  readonly details: unknown;
  constructor(message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    mark(this, "step");
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
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof asks about, a subclass answering as usual
    return isKind.call(this, AuthenticationError, value, ["authentication"]);
  }
  readonly reason: string;
  constructor(message: string, options: { reason?: string; details?: unknown; cause?: unknown } = {}) {
    super(message, options);
    mark(this, "authentication");
    this.name = "AuthenticationError";
    this.reason = options.reason ?? message;
  }
}

/** Thrown by a webhook trigger's `parseRequest` for a request it refuses (the gateway answers `status`). */
export class WebhookRequestError extends Error {
  readonly status: number;
  /** headers of the answer (e.g. `Allow` with a 405) */
  readonly headers: Record<string, string>;
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = "WebhookRequestError";
    this.status = status;
    this.headers = headers;
  }
}
