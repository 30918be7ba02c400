import { keys, type Redis } from "@interflow/queue";

export type StepCounter = "in" | "out" | "retries" | "errors" | "failedBatches";

/**
 * A step's counters, kept in memory and flushed to the flow's Redis hash in batches:
 * no per-message writes on the hot path.
 */
export class StepStats {
  private pending = new Map<StepCounter, number>();
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

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const pipeline = this.redis.pipeline();
    for (const [counter, by] of batch) pipeline.hincrby(keys.stats(this.flowId), `${this.stepId}.${counter}`, by);
    await pipeline.exec();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
