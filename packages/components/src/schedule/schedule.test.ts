import { describe, expect, it } from "vitest";
import { tick } from "./schedule";

async function runTick(config: unknown, p: { manual?: boolean; now?: Date } = {}) {
  const emitted: Array<{ body: unknown; headers?: Record<string, unknown> }> = [];
  const snapshots: unknown[] = [];
  await tick.poll?.({
    config: tick.config.parse(config),
    snapshot: undefined,
    emit: { data: (body, options) => emitted.push({ body, headers: options?.headers }), snapshot: (v) => snapshots.push(v) },
    logger: { info() {}, warn() {}, error() {} },
    signal: new AbortController().signal,
    fetch,
    now: p.now ?? new Date("2026-12-07T06:00:00.000Z"),
    manual: p.manual,
  });
  return { emitted, snapshots };
}

describe("schedule tick", () => {
  it("sends one message per run, { firedAt } when no body is set, and keeps no snapshot", async () => {
    const { emitted, snapshots } = await runTick({});
    expect(emitted).toEqual([{ body: { firedAt: "2026-12-07T06:00:00.000Z" }, headers: { schedule: { firedAt: "2026-12-07T06:00:00.000Z", manual: false } } }]);
    expect(snapshots).toEqual([]);
  });

  it("sends the fixed body as it is, and says when a run was asked for (Run now)", async () => {
    const body = { report: "daily", regions: ["eu", "us"] };
    const { emitted } = await runTick({ body }, { manual: true });
    expect(emitted).toEqual([{ body, headers: { schedule: { firedAt: "2026-12-07T06:00:00.000Z", manual: true } } }]);
  });

  it("refuses a fixed body over 64 KB, naming the field", () => {
    const result = tick.config.safeParse({ body: { text: "x".repeat(70_000) } });
    expect(result.error?.issues[0]).toMatchObject({ path: ["body"], message: "must be at most 64 KB of JSON" });
  });
});
