import { LIFETIME_ONLY_PREFIX, latencyBucketOf } from "./step-metrics";
import { keys } from "./names";
import type { Redis } from "./redis";

/** 10-second buckets for the last minute, minute buckets for the last hour; each outlives its window. */
const STATS_BUCKETS = [
  { size: 10, ttl: 180 },
  { size: 60, ttl: 2 * 3600 },
] as const;

export type StepCounter = "in" | "out" | "retries" | "errors" | "failedBatches" | "filtered";

/**
 * A step's counters, kept in memory and flushed to the flow's Redis hash in batches:
 * no per-message writes on the hot path.
 */
export class StepStats {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly flowId: string,
    private readonly stepId: string,
    flushEveryMs = 500,
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => {}), flushEveryMs);
    this.timer.unref();
  }

  add(counter: StepCounter, by: number): void {
    if (by !== 0) this.pending.set(counter, (this.pending.get(counter) ?? 0) + by);
  }

  /** one try of the step took `ms`: counted in its latency bucket (lifetime totals only, for /metrics) */
  observe(ms: number): void {
    const whole = Math.max(0, Math.round(ms));
    for (const field of [`latency.${latencyBucketOf(whole)}`, "latency.count"]) this.pending.set(field, (this.pending.get(field) ?? 0) + 1);
    this.pending.set("latency.sum", (this.pending.get("latency.sum") ?? 0) + whole);
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const pipeline = this.redis.pipeline();
    const seconds = Math.floor(Date.now() / 1000);
    const buckets = STATS_BUCKETS.map(({ size, ttl }) => ({ key: keys.statsBucket(this.flowId, size, Math.floor(seconds / size)), ttl }));
    for (const [counter, by] of batch) {
      const field = `${this.stepId}.${counter}`;
      pipeline.hincrby(keys.stats(this.flowId), field, by);
      if (counter.startsWith(LIFETIME_ONLY_PREFIX)) continue;
      for (const bucket of buckets) pipeline.hincrby(bucket.key, field, by);
    }
    for (const bucket of buckets) pipeline.expire(bucket.key, bucket.ttl);
    await pipeline.exec();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
