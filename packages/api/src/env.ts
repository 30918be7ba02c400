import { ENCRYPTION_KEY_VARIABLE, optionalEncryptionKeySchema } from "@interflow/db";
import { WEBHOOK_KEY_VARIABLE, webhookKeySchema } from "@interflow/queue";
import { z } from "zod";

/** The key that seals credentials' secrets; without it credentials cannot be stored or read (everything else works). */
const encryptionKeySchema = optionalEncryptionKeySchema;

export const apiEnvSchema = z.object({
  DATABASE_URL: z.string().url({ error: "DATABASE_URL must be a postgres:// URL" }).describe("the PostgreSQL database (postgres://user:password@host:5432/name); npm start runs an embedded one unless it is set"),
  REDIS_URL: z.string().url({ error: "REDIS_URL must be a redis:// URL" }).describe("the Redis server (redis://user:password@host:6379); npm start runs an embedded one unless it is set; the worker needs an admin user (it makes the runners' users)"),
  INTERFLOW_GATEWAY_URL: z.string().url().default("http://localhost:3001").describe("where webhooks are sent: the gateway's public base URL, shown with each webhook flow"),
  INTERFLOW_DOCS_URL: z.string().url().optional().describe("base URL of the docs that components' help links open (default: the web app's own /docs)"),
  BETTER_AUTH_SECRET: z.string().min(32, { error: "BETTER_AUTH_SECRET must be at least 32 characters (a random secret)" }).describe("signs session cookies; `npm start` generates one into <dataDir>/auth-secret"),
  BETTER_AUTH_URL: z.string().url().default("http://localhost:3000").describe("the web app's public URL: sign-in accepts requests from this origin; https makes session cookies secure"),
  [ENCRYPTION_KEY_VARIABLE]: encryptionKeySchema.describe("32 random bytes (hex or base64) sealing credentials' secrets; `npm start` makes one in <dataDir>/encryption-key when none is set"),
  [WEBHOOK_KEY_VARIABLE]: webhookKeySchema.describe("seals a webhook trigger's sender authentication for the gateways' test URL while the designer retrieves a sample (the worker's key; by default derived from the encryption key)"),
  INTERFLOW_SETUP_TOKEN: z
    .string()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || v.length >= 16, { error: "INTERFLOW_SETUP_TOKEN must be at least 16 characters" }).describe("lets the first visitor from another machine create the owner's account (…/setup?token=…); from this machine's loopback none is needed. `npm start` makes one and prints the link"),
  INTERFLOW_TRUSTED_PROXIES: z.string().optional().describe("proxies in front of the web app whose X-Forwarded-For names the client and whose X-Forwarded-Proto counts (addresses and CIDR ranges, comma-separated); unset: none, the connection's peer is the client (read by apps/web/server.ts)"),
  INTERFLOW_WEB_HOST: z.string().optional().describe("the address the web app listens on (default 0.0.0.0)"),
  INTERFLOW_OPEN_WORKSPACES: z
    .enum(["0", "1"], { error: 'INTERFLOW_OPEN_WORKSPACES must be "0" or "1"' })
    .default("0")
    .transform((v) => v === "1").describe("1: every signed-in person may create workspaces (and own them); else only the installation's admin"),
  INTERFLOW_METRICS_OPEN: z
    .enum(["0", "1"], { error: 'INTERFLOW_METRICS_OPEN must be "0" or "1"' })
    .default("0")
    .transform((v) => v === "1").describe("1: GET /metrics answers without a token, with every workspace's flows (a scraper on a private network)"),
});
export type ApiEnv = z.infer<typeof apiEnvSchema>;

/** The API's environment, read and checked in this one place. */
export function readApiEnv(env: NodeJS.ProcessEnv = process.env): ApiEnv {
  const parsed = apiEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}
