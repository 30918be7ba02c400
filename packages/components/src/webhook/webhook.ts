import { defineComponent, defineTrigger } from "@interflow/sdk";
import { z } from "zod";
import { acceptedRequestsSchema, checkAcceptedRequest, checkBody, DEFAULT_CONTENT_KINDS, DEFAULT_METHODS, WEBHOOK_CONTENT_KINDS, WEBHOOK_METHODS } from "./accepted-requests";
import { webhookCredentials } from "./authentication";
import { parseWebhookRequest } from "./parse-request";

/** Which requests the webhook takes; unknown fields are accepted (and dropped) so older flows keep validating. */
export const webhookConfigSchema = z.object(acceptedRequestsSchema);
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

export const receive = defineTrigger<WebhookConfig>({
  title: "Receive a webhook",
  description: "Starts the flow with each HTTP request sent to the flow's webhook URL.",
  config: webhookConfigSchema,
  help: {
    description:
      "The flow gets its own URL; each request to it with a method and content type the trigger takes becomes a message (by default POST, PUT or PATCH with JSON or form data). Answers 202 once the message is queued; 405, 415 or 400 for a request it does not take.",
    link: "components/webhook#receive",
  },
  fields: [
    {
      key: "methods",
      label: "Methods",
      type: "multiselect",
      options: WEBHOOK_METHODS.map((m) => ({ value: m, label: m })),
      default: DEFAULT_METHODS,
      help: { description: "The HTTP methods the webhook takes. Any other is answered 405 with an Allow header, and nothing is queued.", link: "components/webhook#methods" },
    },
    {
      key: "contentTypes",
      label: "Content types",
      type: "multiselect",
      options: Object.entries(WEBHOOK_CONTENT_KINDS).map(([value, { label }]) => ({ value, label })),
      default: DEFAULT_CONTENT_KINDS,
      help: {
        description: "What the request body may be. JSON becomes the message body as it is, form data its fields; text, XML and anything else come as { raw: \"…\" }. Any other content type is answered 415.",
        link: "components/webhook#contentTypes",
      },
    },
    {
      key: "acceptEmpty",
      label: "Accept an empty body",
      type: "checkbox",
      default: false,
      help: { description: "Take POST, PUT and PATCH requests without a body (the message body is then {}). Off, they are answered 400: a sender that posts nothing usually has a bug." },
    },
  ],
  acceptRequest: (request, config) => checkAcceptedRequest(request, config),
  parseRequest: (request, config) => {
    checkBody(request, config);
    return parseWebhookRequest(request);
  },
  // keeps the request's method, path, query and headers with the body for `$headers` downstream
  process: async (ctx) => {
    ctx.emit.data(ctx.message.body, { headers: ctx.message.headers });
  },
});

export const webhookComponent = defineComponent({
  name: "webhook",
  title: "Webhook",
  description: "Receives HTTP requests at a unique URL and starts the flow with each one.",
  icon: "webhook",
  help: { description: "Receive data pushed by another application.", link: "components/webhook" },
  // how senders prove who they are (none: anyone who knows the URL); the gateway checks it
  credentials: webhookCredentials,
  functions: { receive },
});
