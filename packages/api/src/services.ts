import { randomBytes } from "node:crypto";
import { builtinComponents } from "@interflow/components";
import { createDb, type Db, type EncryptionKey } from "@interflow/db";
import { createControlQueue, createRedis, deriveWebhookKey, type Redis, StepTestClient } from "@interflow/queue";
import type { ComponentDefinition } from "@interflow/sdk";
import type { Queue } from "bullmq";
import { type Auth, createAuth } from "./auth/create-auth";
import { readApiEnv } from "./env";

/** What the procedures use: the database, Redis, the worker's control queue and people's accounts. */
export interface ApiServices {
  db: Db;
  redis: Redis;
  controlQueue: Queue;
  /** base URL of the webhook gateway, without a trailing slash */
  gatewayUrl: string;
  /** the web app's own URL, without a trailing slash (invitation links) */
  appUrl: string;
  /** where help links of components point: INTERFLOW_DOCS_URL, else the web app's /docs */
  docsBaseUrl: string;
  auth: Auth;
  /** the installed components, as the workers have them (the built-ins) */
  components: readonly ComponentDefinition[];
  /** where the designer's step tests go: workers run them, the API waits for their answers */
  stepTests: StepTestClient;
  /** how long one step test may run in a worker */
  stepTestTimeLimitMs: number;
  /** seals and opens credentials' secrets (INTERFLOW_ENCRYPTION_KEY); null: credentials are unavailable */
  encryptionKey: EncryptionKey | null;
  /** seals a webhook trigger's credential for the gateways' test URL (INTERFLOW_WEBHOOK_KEY, else derived from the encryption key); null: none */
  webhookKey: string | null;
  /** every signed-in person may create workspaces (INTERFLOW_OPEN_WORKSPACES=1); else only the installation's admin */
  openWorkspaces: boolean;
}

/** A step run for a sample, or a select list's options: as long as a runner gives a step's request by default. */
export const DEFAULT_STEP_TEST_TIME_LIMIT_MS = 30_000;

export function createApiServices(opts: {
  databaseUrl: string;
  redisUrl: string;
  gatewayUrl: string;
  docsBaseUrl?: string;
  /** sessions' signing secret and the web app's URL; without them (tests) a random secret, so sessions end with the process */
  auth?: { secret: string; baseUrl: string; setupToken?: string };
  /** the installed components (default: the built-ins) */
  components?: readonly ComponentDefinition[];
  stepTestTimeLimitMs?: number;
  /** the key of credentials' secrets; without one, credential procedures refuse to work */
  encryptionKey?: EncryptionKey | null;
  /** the gateways' webhook key (default: derived from the encryption key, as the worker's) */
  webhookKey?: string | null;
  openWorkspaces?: boolean;
}): ApiServices {
  const redis = createRedis(opts.redisUrl);
  const db = createDb(opts.databaseUrl);
  const authOptions = opts.auth ?? { secret: randomBytes(32).toString("base64url"), baseUrl: "http://localhost:3000" };
  return {
    db,
    redis,
    controlQueue: createControlQueue(redis),
    gatewayUrl: opts.gatewayUrl.replace(/\/+$/, ""),
    appUrl: authOptions.baseUrl.replace(/\/+$/, ""),
    docsBaseUrl: (opts.docsBaseUrl ?? `${authOptions.baseUrl.replace(/\/+$/, "")}/docs`).replace(/\/+$/, ""),
    // its rate limits in Redis: every web replica counts the same attempts
    auth: createAuth({ db, redis, ...authOptions }),
    components: opts.components ?? builtinComponents,
    stepTests: new StepTestClient(redis),
    stepTestTimeLimitMs: opts.stepTestTimeLimitMs ?? DEFAULT_STEP_TEST_TIME_LIMIT_MS,
    encryptionKey: opts.encryptionKey ?? null,
    webhookKey: opts.webhookKey ?? (opts.encryptionKey ? deriveWebhookKey(opts.encryptionKey.bytes()) : null),
    openWorkspaces: opts.openWorkspaces ?? false,
  };
}

export async function closeApiServices(services: ApiServices): Promise<void> {
  await services.stepTests.close();
  await services.controlQueue.close();
  await services.redis.quit();
  await services.db.close();
}

// kept on globalThis so Next.js dev reloads reuse the connections instead of opening new ones
const holder = globalThis as { interflowApiServices?: ApiServices };

/** The process-wide services, created on first use from the environment (see env.ts). */
export function getApiServicesFromEnv(): ApiServices {
  if (!holder.interflowApiServices) {
    const env = readApiEnv();
    holder.interflowApiServices = createApiServices({
      databaseUrl: env.DATABASE_URL,
      redisUrl: env.REDIS_URL,
      gatewayUrl: env.INTERFLOW_GATEWAY_URL,
      docsBaseUrl: env.INTERFLOW_DOCS_URL,
      auth: { secret: env.BETTER_AUTH_SECRET, baseUrl: env.BETTER_AUTH_URL, setupToken: env.INTERFLOW_SETUP_TOKEN },
      encryptionKey: env.INTERFLOW_ENCRYPTION_KEY ?? null,
      webhookKey: env.INTERFLOW_WEBHOOK_KEY ?? null,
      openWorkspaces: env.INTERFLOW_OPEN_WORKSPACES,
    });
  }
  return holder.interflowApiServices;
}
