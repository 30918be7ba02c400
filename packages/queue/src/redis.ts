import type { Socket } from "node:net";
import { Redis, type RedisOptions } from "ioredis";

/**
 * One ioredis connection. BullMQ needs `maxRetriesPerRequest: null`; auto-pipelining batches the
 * commands issued in one tick into one round trip. Its writes are coalesced too (see
 * coalesceWrites). Close it with `quit()`.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableAutoPipelining: true, ...options });
  coalesceWrites(redis);
  return redis;
}

const COALESCING = Symbol("interflow.coalescing");

/**
 * Everything written to the connection's socket in one tick leaves in one system call: the socket
 * is corked at the first write and uncorked on the next tick. BullMQ's scripts bypass ioredis's
 * auto-pipelining (each is a write of its own): a runner's job completion, emits and hand-over were
 * four or five writes where one does. Order is kept; nothing waits longer than the current tick.
 * Measured (bench, A/B ×3): CPU per message −5 % at full speed (median 736 → 700 µs), p99 at 100
 * msg/s 19–27 → 18–20 ms — within the machine's noise, but the same way each time.
 */
function coalesceWrites(redis: Redis): void {
  const attach = () => {
    const stream = (redis as unknown as { stream?: Socket & { [COALESCING]?: true } }).stream;
    if (!stream || stream[COALESCING] || typeof stream.cork !== "function") return;
    stream[COALESCING] = true;
    const write = stream.write;
    let corked = false;
    stream.write = function (this: Socket, ...args: Parameters<Socket["write"]>) {
      if (!corked) {
        corked = true;
        stream.cork();
        process.nextTick(() => {
          corked = false;
          stream.uncork();
        });
      }
      return write.apply(this, args);
    } as Socket["write"];
  };
  redis.on("connect", attach);
}

export type { Redis };
