import { z } from "zod";

const envSchema = z.object({
  REDIS_URL: z.string().url(),
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  GATEWAY_HOST: z.string().default("0.0.0.0"),
  /** largest webhook body accepted, in bytes (default 10 MiB) */
  INTERFLOW_BODY_LIMIT: z.coerce.number().int().min(1).default(10 * 1024 * 1024),
});
export type GatewayEnv = z.infer<typeof envSchema>;

export function readGatewayEnv(env: NodeJS.ProcessEnv = process.env): GatewayEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`gateway environment is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}
