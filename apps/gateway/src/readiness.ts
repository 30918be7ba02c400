import type { Redis } from "@interflow/queue";

/** How long a webhook waits for its message to be queued before it is answered 503 (nothing accepted). */
export const ENQUEUE_DEADLINE_MS = 800;

/** `work`, or a rejection after `ms` (the work may still finish later: used only where a late success is harmless). */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Logs a connection's errors once per outage (ioredis repeats them on every reconnect attempt),
 * and its return.
 */
export function reportConnection(redis: Redis, name: string, log: (level: "warn" | "info", msg: string, fields?: Record<string, unknown>) => void): void {
  let down = false;
  redis.on("error", (error: Error) => {
    if (down) return;
    down = true;
    log("warn", `${name}: redis connection lost; webhooks are answered 503 until it is back`, { error: error.message });
  });
  redis.on("ready", () => {
    if (!down) return;
    down = false;
    log("info", `${name}: redis connection back`);
  });
}
