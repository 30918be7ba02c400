import { RetryableError, StepError } from "@interflow/sdk";

/** Failures of the network or the peer that may well pass on a later attempt. */
const RETRYABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);

/** The error code, also from a cause or from the first attempt of a multi-address connect. */
function codeOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown }; errors?: { code?: unknown }[] } | null;
  const code = e?.code ?? e?.cause?.code ?? e?.errors?.[0]?.code;
  return typeof code === "string" ? code : undefined;
}

/** Classifies an error thrown while sending a request or reading its response. */
export function requestFailure(err: unknown, request: string): RetryableError | StepError {
  const code = codeOf(err);
  // the installation's network rules: not a failure that passes
  if (code === "EGRESS_REFUSED") return new StepError(`${request} refused: ${(err as Error).message ?? (err as { cause?: Error }).cause?.message}`, { details: { code }, cause: err });
  const reason = err instanceof Error && err.message ? err.message : (code ?? String(err));
  const details = { code };
  if (code !== undefined && RETRYABLE_CODES.has(code)) return new RetryableError(`${request} failed: ${reason}`, { details, cause: err });
  return new StepError(`${request} failed: ${reason}`, { details, cause: err });
}
