import { type WebhookRequest, WebhookRequestError } from "@interflow/sdk";
import { z } from "zod";
import { mediaTypeOf } from "./request-body";

export const WEBHOOK_METHODS = ["POST", "PUT", "PATCH", "GET", "DELETE"] as const;
export type WebhookMethod = (typeof WEBHOOK_METHODS)[number];

/** What a webhook may carry in its body, by kind; the media types each kind takes. */
export const WEBHOOK_CONTENT_KINDS = {
  json: { label: "JSON (application/json, …+json)", words: "JSON" },
  form: { label: "Form data (application/x-www-form-urlencoded)", words: "form data" },
  text: { label: "Text (text/…), kept as { raw }", words: "text" },
  xml: { label: "XML (application/xml, text/xml, …+xml), kept as { raw }", words: "XML" },
  any: { label: "Anything else, kept as { raw }", words: "any other content type" },
} as const;
export type WebhookContentKind = keyof typeof WEBHOOK_CONTENT_KINDS;

export const DEFAULT_METHODS: WebhookMethod[] = ["POST", "PUT", "PATCH"];
export const DEFAULT_CONTENT_KINDS: WebhookContentKind[] = ["json", "form"];

export const acceptedRequestsSchema = {
  methods: z
    .array(z.enum(WEBHOOK_METHODS, { error: `must be one of ${WEBHOOK_METHODS.join(", ")}` }))
    .min(1, "choose at least one method")
    .default(DEFAULT_METHODS),
  contentTypes: z
    .array(z.enum(Object.keys(WEBHOOK_CONTENT_KINDS) as [WebhookContentKind, ...WebhookContentKind[]], { error: `must be one of ${Object.keys(WEBHOOK_CONTENT_KINDS).join(", ")}` }))
    .min(1, "choose at least one content type")
    .default(DEFAULT_CONTENT_KINDS),
  acceptEmpty: z.boolean().default(false),
};

export interface AcceptedRequests {
  methods: WebhookMethod[];
  contentTypes: WebhookContentKind[];
  acceptEmpty: boolean;
}

/** The kind of a media type ("" when the request names none: only "any" takes it). */
export function contentKindOf(mediaType: string): WebhookContentKind {
  if (mediaType === "application/json" || mediaType.endsWith("+json")) return "json";
  if (mediaType === "application/x-www-form-urlencoded") return "form";
  if (mediaType === "application/xml" || mediaType === "text/xml" || mediaType.endsWith("+xml")) return "xml";
  if (mediaType.startsWith("text/")) return "text";
  return "any";
}

/** Methods that carry what they send in their body: without one, such a request is junk unless the trigger says otherwise. */
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

function either(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

function takes(config: AcceptedRequests): string {
  return either(config.contentTypes.map((kind) => WEBHOOK_CONTENT_KINDS[kind].words));
}

/** Whether the request's headers say a body follows. */
function announcesBody(headers: WebhookRequest["headers"]): boolean {
  const length = Number(headers["content-length"] ?? 0);
  return (Number.isFinite(length) && length > 0) || headers["transfer-encoding"] !== undefined;
}

/**
 * Refuses, by its method and headers alone, a request the trigger does not take: 405 (with
 * `Allow`) for a method, 415 for a content type, 400 for a body-less POST/PUT/PATCH.
 */
export function checkAcceptedRequest(request: Omit<WebhookRequest, "body">, config: AcceptedRequests): void {
  const method = request.method.toUpperCase();
  if (!(config.methods as string[]).includes(method)) {
    throw new WebhookRequestError(405, `method ${method} is not accepted: this webhook takes ${either(config.methods)} (its "Methods" setting)`, {
      allow: config.methods.join(", "),
    });
  }
  if (announcesBody(request.headers)) checkContentType(request.headers, config);
  else if (BODY_METHODS.has(method) && !config.acceptEmpty) throw emptyBody(config);
}

/** After the body was read: an empty one (a chunked request that sent nothing) is judged as one without a body. */
export function checkBody(request: WebhookRequest, config: AcceptedRequests): void {
  if (request.body.length > 0) checkContentType(request.headers, config);
  else if (BODY_METHODS.has(request.method.toUpperCase()) && !config.acceptEmpty) throw emptyBody(config);
}

function checkContentType(headers: WebhookRequest["headers"], config: AcceptedRequests): void {
  const mediaType = mediaTypeOf(headers["content-type"]);
  if (!config.contentTypes.includes(contentKindOf(mediaType))) {
    throw new WebhookRequestError(415, `content type ${mediaType || "(none given)"} is not accepted: this webhook takes ${takes(config)} (its "Content types" setting)`);
  }
}

function emptyBody(config: AcceptedRequests): WebhookRequestError {
  return new WebhookRequestError(400, `the request has no body: this webhook takes ${takes(config)} (to take requests without a body, turn on its "Accept an empty body" setting)`);
}
