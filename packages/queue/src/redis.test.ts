// A connection's writes in one tick leave in one system call (see coalesceWrites), in order.
import type { Socket } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createRedis } from "./redis";

const redis = createRedis(process.env.REDIS_URL as string, { enableAutoPipelining: false });
afterAll(() => redis.quit());

describe("a Redis connection", () => {
  it("sends the commands of one tick in one write, and answers each in order", async () => {
    await redis.ping();
    const socket = (redis as unknown as { stream: Socket & { _writev: (...a: unknown[]) => void; _write: (...a: unknown[]) => void } }).stream;
    const writes: string[] = [];
    const { _writev, _write } = socket;
    socket._writev = function (...a: unknown[]) {
      writes.push("writev");
      return _writev.apply(this, a);
    };
    socket._write = function (...a: unknown[]) {
      writes.push("write");
      return _write.apply(this, a);
    };
    const key = `if:test:coalesce:${Date.now()}`;
    // without auto-pipelining (as BullMQ's scripts go) each command is a write of its own
    const answers = await Promise.all([redis.set(key, "1"), redis.incr(key), redis.incr(key), redis.get(key), redis.del(key)]);
    expect(answers).toEqual(["OK", 2, 3, "3", 1]);
    expect(writes).toEqual(["writev"]);
    // the next tick's commands go out on their own
    await redis.ping();
    expect(writes).toHaveLength(2);
  });
});
