import type { Redis } from "@interflow/queue";

/** Everything the Redis database holds, every key with its value, as one text (to search for what must not be there). */
export async function redisContents(redis: Redis): Promise<string> {
  const parts: string[] = [];
  for await (const found of redis.scanStream({ count: 500 })) {
    for (const key of found as string[]) {
      parts.push(key);
      const type = await redis.type(key);
      if (type === "string") parts.push(String(await redis.get(key)));
      else if (type === "hash") parts.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === "list") parts.push(...(await redis.lrange(key, 0, -1)));
      else if (type === "set") parts.push(...(await redis.smembers(key)));
      else if (type === "zset") parts.push(...(await redis.zrange(key, 0, -1)));
      else if (type === "stream") parts.push(JSON.stringify(await redis.xrange(key, "-", "+")));
      else parts.push(`<${type}>`);
    }
  }
  return parts.join("\n");
}
