import { AuthenticationError, RetryableError, StepError } from "@interflow/sdk";
import type { Dispatcher } from "undici";
import { retryAfterMs } from "./retry-after";

/** What the http step emits, and what its errors carry in `details`. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

function isJson(contentType: string | string[] | undefined): boolean {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  if (!value) return false;
  const semicolon = value.indexOf(";");
  const mediaType = (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase();
  return mediaType === "application/json" || mediaType.endsWith("+json");
}

/**
 * Reads the whole response body (so the connection goes back to the pool): JSON when the
 * content-type says so, else text. A JSON body that does not parse stays text, flagged.
 */
export async function readResponse(response: Dispatcher.ResponseData): Promise<HttpResponse & { invalidJson?: string }> {
  const text = await response.body.text();
  const { statusCode: status, headers } = response;
  if (!isJson(headers["content-type"])) return { status, headers, body: text };
  if (text === "") return { status, headers, body: null };
  try {
    return { status, headers, body: JSON.parse(text) };
  } catch (err) {
    return { status, headers, body: text, invalidJson: (err as Error).message };
  }
}

/** Statuses worth trying again later: the server is busy, overloaded or briefly down. */
function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/**
 * Returns a successful response; throws a RetryableError or StepError for any other: for 401 and
 * 403 an AuthenticationError (the API refused the step's credential, or wants one).
 */
export function acceptResponse(read: HttpResponse & { invalidJson?: string }, request: string): HttpResponse {
  const { invalidJson, ...response } = read;
  const { status } = response;
  if (status >= 200 && status < 300) {
    if (invalidJson !== undefined) throw new StepError(`${request} answered ${status} with a JSON content-type but the body is not valid JSON: ${invalidJson}`, { details: response });
    return response;
  }
  if (isRetryableStatus(status)) {
    const delay = status === 429 || status === 503 ? retryAfterMs(response.headers["retry-after"]) : undefined;
    throw new RetryableError(`${request} answered ${status}`, { retryAfterMs: delay, details: response });
  }
  if (status === 401 || status === 403) throw new AuthenticationError(`${request} answered ${status}`, { reason: `HTTP ${status}`, details: response });
  const redirect = status >= 300 && status < 400 ? ` (redirects are not followed; location: ${response.headers.location ?? "none"})` : "";
  throw new StepError(`${request} answered ${status}${redirect}`, { details: response });
}
