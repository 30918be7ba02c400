import { defineComponent, defineTrigger } from "@interflow/sdk";
import { z } from "zod";
import { parseWebhookRequest } from "./parse-request";

/** No settings yet; unknown fields are accepted (and dropped) so older flows keep validating. */
export const webhookConfigSchema = z.object({});
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

export const receive = defineTrigger<WebhookConfig>({
  title: "Receive a webhook",
  description: "Starts the flow with each HTTP request sent to the flow's webhook URL.",
  config: webhookConfigSchema,
  help: {
    description: "The flow gets its own URL; each request to it (any method, JSON, form or text body) becomes a message. Answers 202 once the message is queued.",
    link: "components/webhook#receive",
  },
  fields: [],
  parseRequest: (request) => parseWebhookRequest(request),
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
  functions: { receive },
});
