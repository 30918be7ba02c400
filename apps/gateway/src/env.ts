import { webhookKeySchema, WEBHOOK_KEY_VARIABLE } from "@interflow/queue";
import { z } from "zod";

export const gatewayEnvSchema = z.object({
  REDIS_URL: z.string().url(),
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(3001).describe("the webhook gateway's port"),
  GATEWAY_HOST: z.string().default("0.0.0.0").describe("the address the gateway listens on"),
  [WEBHOOK_KEY_VARIABLE]: webhookKeySchema
    .describe("opens webhooks' credentials the worker sealed for the gateways (the worker's INTERFLOW_WEBHOOK_KEY, by default derived from its encryption key: npm start passes it). Without it, webhooks with authentication are answered 503"),
  INTERFLOW_BODY_LIMIT: z.coerce.number().int().min(1).default(10 * 1024 * 1024).describe("largest webhook body accepted, in bytes (default 10 MiB)"),
});
/** what a gateway runs with (the webhook key may be left out: webhooks with authentication are then refused) */
export type GatewayEnv = Omit<z.infer<typeof gatewayEnvSchema>, typeof WEBHOOK_KEY_VARIABLE> & { [WEBHOOK_KEY_VARIABLE]?: string };

export function readGatewayEnv(env: NodeJS.ProcessEnv = process.env): GatewayEnv {
  const parsed = gatewayEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`gateway environment is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}
