import { parseTrustedProxies, TRUSTED_PROXIES_VARIABLE, type TrustedProxies, webhookKeySchema, WEBHOOK_KEY_VARIABLE } from "@interflow/queue";
import { z } from "zod";

export const gatewayEnvSchema = z.object({
  REDIS_URL: z.string().url(),
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(3001).describe("the webhook gateway's port"),
  GATEWAY_HOST: z.string().default("0.0.0.0").describe("the address the gateway listens on"),
  [WEBHOOK_KEY_VARIABLE]: webhookKeySchema
    .describe("opens webhooks' credentials the worker sealed for the gateways (the worker's INTERFLOW_WEBHOOK_KEY, by default derived from its encryption key: npm start passes it). Without it, webhooks with authentication are answered 503"),
  INTERFLOW_GATEWAY_MAX_BODIES: z.coerce.number().int().min(1).default(1_000).describe("request bodies one gateway reads at once; over it a webhook gets 503 with Retry-After before its body is read"),
  INTERFLOW_GATEWAY_MAX_BODY_BYTES: z.coerce.number().int().min(1).default(256 * 1024 * 1024).describe("bytes of request bodies one gateway reads at once (each counts its Content-Length, or the body limit without one); over it: 503 with Retry-After"),
  INTERFLOW_GATEWAY_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000).describe("how long a sender may take to send a request's headers (then 408)"),
  INTERFLOW_GATEWAY_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000).describe("how long a sender may take to send a whole request, body included (then 408)"),
  [TRUSTED_PROXIES_VARIABLE]: z
    .string()
    .optional()
    .transform((text, ctx): TrustedProxies => {
      try {
        return parseTrustedProxies(text);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    })
    .describe("proxies whose X-Forwarded-For names the sender (addresses and CIDR ranges, comma-separated); unset: none, the connection's peer is the sender"),
  INTERFLOW_BODY_LIMIT: z.coerce.number().int().min(1).default(10 * 1024 * 1024).describe("largest webhook body accepted, in bytes (default 10 MiB)"),
});
/** what a gateway runs with (the webhook key may be left out: webhooks with authentication are then refused) */
type Defaulted = typeof WEBHOOK_KEY_VARIABLE | typeof TRUSTED_PROXIES_VARIABLE | "INTERFLOW_GATEWAY_MAX_BODIES" | "INTERFLOW_GATEWAY_MAX_BODY_BYTES" | "INTERFLOW_GATEWAY_HEADERS_TIMEOUT_MS" | "INTERFLOW_GATEWAY_REQUEST_TIMEOUT_MS";
/** what a gateway runs with (what has a default may be left out; without the webhook key, webhooks with authentication are refused) */
export type GatewayEnv = Omit<z.infer<typeof gatewayEnvSchema>, Defaulted> & Partial<Pick<z.infer<typeof gatewayEnvSchema>, Defaulted>>;

export function readGatewayEnv(env: NodeJS.ProcessEnv = process.env): GatewayEnv {
  const parsed = gatewayEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`gateway environment is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}
