/** The one coded error type of Interflow; mapped to tRPC/HTTP errors in one place (packages/api). */
export const AppErrorCode = {
  BadRequest: "BAD_REQUEST",
  InvalidFlow: "INVALID_FLOW",
  NotFound: "NOT_FOUND",
  Forbidden: "FORBIDDEN",
  Unauthorized: "UNAUTHORIZED",
  Conflict: "CONFLICT",
  InvalidTransition: "INVALID_TRANSITION",
  Internal: "INTERNAL",
} as const;
export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details: unknown;
  constructor(code: AppErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
}

export function assertExhaustive(value: never, what = "value"): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
