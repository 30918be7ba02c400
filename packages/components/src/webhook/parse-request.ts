import type { WebhookMessage, WebhookRequest } from "@interflow/sdk";
import { mediaTypeOf, parseRequestBody } from "./request-body";
import { messageHeadersOf } from "./request-headers";

/**
 * Turns the gateway's HTTP request into the flow's first message. Pure and on the hot path:
 * one pass over the headers, one decode of the body.
 */
export function parseWebhookRequest(request: WebhookRequest): WebhookMessage {
  const headers = messageHeadersOf(request.headers);
  return {
    body: parseRequestBody(request.body, mediaTypeOf(headers["content-type"])),
    headers: { method: request.method, path: request.path, query: request.query, headers },
  };
}
