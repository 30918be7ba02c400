import type { Redis } from "ioredis";

/** What a readiness probe found of one thing a process depends on. */
export type Check = { ok: true } | { ok: false; error: string };

/** How long a readiness probe waits for one dependency's answer. */
export const PROBE_MS = 500;

/** `work` answered within `ms` (ok), failed (its message), or did not answer in time. */
export async function probe(what: string, work: () => Promise<unknown>, ms = PROBE_MS): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), ms);
  });
  try {
    const answer = await Promise.race([work(), late]);
    return answer === LATE ? { ok: false, error: `${what} did not answer within ${ms} ms` } : { ok: true };
  } catch (error) {
    return { ok: false, error: `${what}: ${(error as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}
const LATE = Symbol("late");

/** Redis answers a PING within PROBE_MS (a connection still being made for the first time may make it). */
export function checkRedis(redis: Redis): Promise<Check> {
  if (["reconnecting", "close", "end"].includes(redis.status)) return Promise.resolve({ ok: false, error: `redis is not connected (${redis.status})` });
  return probe("redis (PING)", () => redis.ping());
}

/** Ready when every check is ok: the answer's status and body (`extra` alongside the checks). */
export function readiness(checks: Record<string, Check>, extra: Record<string, unknown> = {}): { status: 200 | 503; body: Record<string, unknown> } {
  const ready = Object.values(checks).every((c) => c.ok);
  return { status: ready ? 200 : 503, body: { ready, ...extra, checks } };
}
