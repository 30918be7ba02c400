import { keys, type QueueLimits, type Redis } from "@interflow/queue";

const REFRESH_MS = 200;

/**
 * What waits in a queue the gateway fills (the trigger's, or its next steps' when it hands webhooks straight to them), as the gateway sees it: read from Redis at most every
 * 200 ms (never per request), plus what this gateway added since. Enough to answer 429 at the
 * limit without a Redis round trip on the hot path.
 */
export class Backlog {
  private messages = 0;
  private bytes = 0;
  private refreshedAt = 0;
  private refreshing = false;
  /** what this gateway added while a read was on its way (the read may not hold it yet) */
  private sinceRead = { messages: 0, bytes: 0 };

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

  /** counts messages this gateway put in the queue whose backlog change was written with them (a hand-over) */
  noted(messages: number, bytes: number): void {
    this.messages += messages;
    this.bytes += bytes;
    this.sinceRead.messages += messages;
    this.sinceRead.bytes += bytes;
  }

  async added(messages: number, bytes: number): Promise<void> {
    this.noted(messages, bytes);
    await this.redis
      .multi()
      .hincrby(keys.backlog(this.flowId), `${this.stepId}.messages`, messages)
      .hincrby(keys.backlog(this.flowId), `${this.stepId}.bytes`, bytes)
      .exec();
  }

  private refreshSoon(): void {
    if (this.refreshing || Date.now() - this.refreshedAt < REFRESH_MS) return;
    this.refreshing = true;
    this.sinceRead = { messages: 0, bytes: 0 };
    this.redis
      .hmget(keys.backlog(this.flowId), `${this.stepId}.messages`, `${this.stepId}.bytes`)
      .then(([messages, bytes]) => {
        // what was added meanwhile counts on top (counted twice for a moment at worst: a 429 a
        // little early, never a queue past its limit)
        this.messages = Math.max(0, Number(messages ?? 0)) + this.sinceRead.messages;
        this.bytes = Math.max(0, Number(bytes ?? 0)) + this.sinceRead.bytes;
        this.refreshedAt = Date.now();
      })
      .catch(() => {})
      .finally(() => {
        this.refreshing = false;
      });
  }
}
