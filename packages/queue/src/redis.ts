import { Redis, type RedisOptions } from "ioredis";

/**
 * One ioredis connection. BullMQ needs `maxRetriesPerRequest: null`; auto-pipelining batches the
 * commands issued in one tick into one round trip. Close it with `quit()`.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableAutoPipelining: true, ...options });
}

export type { Redis };
