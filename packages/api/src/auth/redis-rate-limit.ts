import { createHash } from "node:crypto";
import type { Redis } from "@interflow/queue";

/** One window's count per key: the first request starts the window (its expiry), each adds one. */
const CONSUME = `local n = redis.call("incr", KEYS[1])
if n == 1 then redis.call("pexpire", KEYS[1], ARGV[1]) end
if n > tonumber(ARGV[2]) then return redis.call("pttl", KEYS[1]) end
return -1`;

/**
 * better-auth's rate-limit storage in Redis: every web replica counts the same attempts (a limit in
 * one process's memory lets a client try again on the next replica, and resets on a restart). Keys
 * `if:web:rate-limit:<sha256 of the limiter's key>` (the web app's Redis user reaches `if:*`),
 * gone when their window is over.
 */
export function redisRateLimitStorage(redis: Redis) {
  return {
    consume: async (key: string, rule: { window: number; max: number }): Promise<{ allowed: boolean; retryAfter: number | null }> => {
      const name = `if:web:rate-limit:${createHash("sha256").update(key).digest("base64url")}`;
      const left = Number(await redis.eval(CONSUME, 1, name, String(rule.window * 1000), String(rule.max)));
      return left < 0 ? { allowed: true, retryAfter: null } : { allowed: false, retryAfter: Math.max(1, Math.ceil(left / 1000)) };
    },
  };
}
