import { createDb, type Db } from "@interflow/db";
import { createControlQueue, createRedis, type Redis } from "@interflow/queue";
import type { Queue } from "bullmq";
import { readApiEnv } from "./env";

/** What the procedures use: the database, Redis and the worker's control queue. */
export interface ApiServices {
  db: Db;
  redis: Redis;
  controlQueue: Queue;
  /** base URL of the webhook gateway, without a trailing slash */
  gatewayUrl: string;
}

export function createApiServices(opts: { databaseUrl: string; redisUrl: string; gatewayUrl: string }): ApiServices {
  const redis = createRedis(opts.redisUrl);
  return {
    db: createDb(opts.databaseUrl),
    redis,
    controlQueue: createControlQueue(redis),
    gatewayUrl: opts.gatewayUrl.replace(/\/+$/, ""),
  };
}

export async function closeApiServices(services: ApiServices): Promise<void> {
  await services.controlQueue.close();
  await services.redis.quit();
  await services.db.close();
}

// kept on globalThis so Next.js dev reloads reuse the connections instead of opening new ones
const holder = globalThis as { interflowApiServices?: ApiServices };

/** The process-wide services, created on first use from DATABASE_URL, REDIS_URL, INTERFLOW_GATEWAY_URL. */
export function getApiServicesFromEnv(): ApiServices {
  if (!holder.interflowApiServices) {
    const env = readApiEnv();
    holder.interflowApiServices = createApiServices({
      databaseUrl: env.DATABASE_URL,
      redisUrl: env.REDIS_URL,
      gatewayUrl: env.INTERFLOW_GATEWAY_URL,
    });
  }
  return holder.interflowApiServices;
}
