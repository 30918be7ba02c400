import { randomUUID } from "node:crypto";
import { keys, type Redis } from "@interflow/queue";

const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/**
 * Only one worker acts: the holder of a lease in Redis. A second worker started by mistake
 * waits; if the leader dies, its lease expires and another takes over.
 */
export class LeaderLease {
  readonly holder = `${process.pid}-${randomUUID()}`;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly ttlMs = 15_000,
  ) {}

  async tryAcquire(): Promise<boolean> {
    return (await this.redis.set(keys.workerLease, this.holder, "PX", this.ttlMs, "NX")) === "OK";
  }

  /** waits until this worker holds the lease, then keeps renewing it; `onLost` if it ever fails */
  async acquire(onWaiting: () => void, onLost: () => void): Promise<void> {
    let announced = false;
    while (!(await this.tryAcquire())) {
      if (!announced) onWaiting();
      announced = true;
      await new Promise((r) => setTimeout(r, this.ttlMs / 3));
    }
    let renewedAt = Date.now();
    let lost = false;
    const lose = () => {
      if (lost) return;
      lost = true;
      clearInterval(this.timer);
      onLost();
    };
    this.timer = setInterval(async () => {
      // A renewal that hangs (Redis unreachable) must not let this worker act past its lease: it
      // gives up a third of the lease early, before Redis can hand the key to another worker.
      if (Date.now() - renewedAt > (this.ttlMs * 2) / 3) return lose();
      const renewed = await this.redis.eval(RENEW, 1, keys.workerLease, this.holder, String(this.ttlMs)).catch(() => 0);
      if (renewed === 1) renewedAt = Date.now();
      else lose();
    }, this.ttlMs / 3);
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.eval(RELEASE, 1, keys.workerLease, this.holder).catch(() => 0);
  }
}
