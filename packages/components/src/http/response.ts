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

/** The most of a response body a step reads (INTERFLOW_HTTP_RESPONSE_LIMIT, default 10 MiB): past it the request fails. */
export function responseLimit(env: NodeJS.ProcessEnv = process.env): number {
  const set = Number(env.INTERFLOW_HTTP_RESPONSE_LIMIT);
  return Number.isInteger(set) && set > 0 ? set : 10 * 1024 * 1024;
}

/** Reads the body, refusing it (and dropping the connection) past `limit` bytes. */
async function readCapped(body: Dispatcher.ResponseData["body"], limit: number, request: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      throw new StepError(`${request}: the response body is larger than ${limit} bytes, the limit (INTERFLOW_HTTP_RESPONSE_LIMIT)`, { details: { limit } });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}

/**
 * Reads the whole response body (so the connection goes back to the pool), up to the response
 * limit: JSON when the content-type says so, else text. A JSON body that does not parse stays
 * text, flagged.
 */
export async function readResponse(response: Dispatcher.ResponseData, request = "the request"): Promise<HttpResponse & { invalidJson?: string }> {
  const declared = Number(response.headers["content-length"]);
  const limit = responseLimit();
  if (Number.isFinite(declared) && declared > limit) {
    response.body.destroy();
    throw new StepError(`${request}: the response body is ${declared} bytes, over the limit of ${limit} (INTERFLOW_HTTP_RESPONSE_LIMIT)`, { details: { limit } });
  }
  const text = await readCapped(response.body, limit, request);
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
