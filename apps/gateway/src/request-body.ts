import { WebhookRequestError } from "@interflow/sdk";
import type { IncomingMessage } from "node:http";

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body is larger than the limit of ${limit} bytes`);
  }
}

export class BodyCutOffError extends Error {
  constructor() {
    super("the sender closed the connection before its whole body came");
  }
}

/** Reads the whole body, refusing (before reading, when Content-Length says so) past `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError(limit));
        req.removeAllListeners("data");
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    let ended = false;
    req.once("end", () => {
      ended = true;
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    });
    req.once("error", reject);
    // a sender gone (or cut off by the request timeout) before its whole body came: never left waiting
    req.once("close", () => {
      if (!ended) reject(new BodyCutOffError());
    });
  });
}

export function parseQuery(search: string): Record<string, string | string[]> {
  // no prototype: `?__proto__=x` or `?constructor=y` are plain parameters
  const query: Record<string, string | string[]> = Object.create(null);
  if (!search) return query;
  for (const [key, value] of new URLSearchParams(search)) {
    const existing = Object.hasOwn(query, key) ? query[key] : undefined;
    if (existing === undefined) query[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else query[key] = [existing, value];
  }
  return query;
}

/** Runs a trigger's judgement of a request: the refusal it throws, or undefined when it takes the request. */
export function refusedRequest(judge: () => void): WebhookRequestError | undefined {
  try {
    judge();
    return undefined;
  } catch (error) {
    if (error instanceof WebhookRequestError) return error;
    throw error;
  }
}
