import { keys, type QueueLimits, type Redis } from "@interflow/queue";

const REFRESH_MS = 200;

/**
 * What waits in a flow's first queue, as the gateway sees it: read from Redis at most every
 * 200 ms (never per request), plus what this gateway added since. Enough to answer 429 at the
 * limit without a Redis round trip on the hot path.
 */
export class Backlog {
  private messages = 0;
  private bytes = 0;
  private refreshedAt = 0;
  private refreshing = false;

  constructor(
    private readonly redis: Redis,
    private readonly flowId: string,
    private readonly stepId: string,
    readonly limits: QueueLimits,
  ) {}

  /** the limit reached, in words, or undefined while there is room */
  full(): string | undefined {
    this.refreshSoon();
    if (this.messages >= this.limits.messages) return `${this.limits.messages} messages`;
    if (this.bytes >= this.limits.bytes) return `${this.limits.bytes} bytes`;
    return undefined;
  }

  async added(messages: number, bytes: number): Promise<void> {
    this.messages += messages;
    this.bytes += bytes;
    await this.redis
      .multi()
      .hincrby(keys.backlog(this.flowId), `${this.stepId}.messages`, messages)
      .hincrby(keys.backlog(this.flowId), `${this.stepId}.bytes`, bytes)
      .exec();
  }

  private refreshSoon(): void {
    if (this.refreshing || Date.now() - this.refreshedAt < REFRESH_MS) return;
    this.refreshing = true;
    this.redis
      .hmget(keys.backlog(this.flowId), `${this.stepId}.messages`, `${this.stepId}.bytes`)
      .then(([messages, bytes]) => {
        this.messages = Math.max(0, Number(messages ?? 0));
        this.bytes = Math.max(0, Number(bytes ?? 0));
        this.refreshedAt = Date.now();
      })
      .catch(() => {})
      .finally(() => {
        this.refreshing = false;
      });
  }
}
