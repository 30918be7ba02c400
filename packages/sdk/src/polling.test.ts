// The dedupe helpers a polling component builds on: every change of a record comes out exactly
// once, whatever the source answers for the overlap, records committed late with an earlier time
// included; ids that only grow come out once each, in order.
import { describe, expect, it } from "vitest";
import { afterIdQuery, afterLastId, changedSince, changedSinceQuery } from "./polling";

type Row = { id: number; updatedAt: string; v: number };
const at = (s: number) => new Date(Date.UTC(2026, 10, 27, 10, 0, s)).toISOString();

/** A source: rows by id with their last change; asked for rows changed at or after a time. */
class Source {
  rows = new Map<number, Row>();
  put(id: number, second: number, v = 0) {
    this.rows.set(id, { id, updatedAt: at(second), v });
  }
  since(from: Date | null): Row[] {
    return [...this.rows.values()].filter((r) => from === null || Date.parse(r.updatedAt) >= from.getTime());
  }
}

function run(source: Source, snapshot: unknown, overlapMs = 10_000) {
  return changedSince(source.since(changedSinceQuery(snapshot, overlapMs)), { snapshot, timeOf: (r) => r.updatedAt, idOf: (r) => r.id, overlapMs });
}

describe("changedSince", () => {
  it("emits every row at first, then only what changed, each change once, oldest first", () => {
    const source = new Source();
    source.put(1, 1);
    source.put(2, 5);
    const first = run(source, undefined);
    expect(first.changed.map((r) => r.id)).toEqual([1, 2]);
    expect(first.snapshot.since).toBe(at(5));

    // nothing new: the overlap asks again for rows 1 and 2, and they are skipped
    expect(run(source, first.snapshot).changed).toEqual([]);

    // row 1 changes, row 3 arrives with the same second as the newest seen (the boundary)
    source.put(1, 7, 1);
    source.put(3, 5);
    const second = run(source, first.snapshot);
    expect(second.changed.map((r) => [r.id, r.v])).toEqual([
      [3, 0],
      [1, 1],
    ]);
    expect(run(source, second.snapshot).changed).toEqual([]);
  });

  it("catches a row committed late with a time inside the overlap, and forgets what fell out of it", () => {
    const source = new Source();
    source.put(1, 20);
    const first = run(source, undefined);
    // committed after the first run, stamped 5 s before the newest seen
    source.put(2, 15);
    const second = run(source, first.snapshot);
    expect(second.changed.map((r) => r.id)).toEqual([2]);
    source.put(3, 100);
    const third = run(source, second.snapshot);
    expect(third.changed.map((r) => r.id)).toEqual([3]);
    // only the records within the overlap before the newest change are remembered
    expect(third.snapshot.seen).toHaveLength(1);
    expect(JSON.stringify(third.snapshot).length).toBeLessThan(100);
  });

  it("across many runs with writes in between, each change comes out exactly once", () => {
    const source = new Source();
    let snapshot: unknown;
    const emitted: string[] = [];
    let second = 0;
    for (let runNo = 0; runNo < 20; runNo++) {
      for (let k = 0; k < 5; k++) {
        second += 1;
        const id = (runNo * 7 + k * 3) % 11; // inserts and updates of the same ids
        source.put(id, second, runNo * 10 + k);
      }
      const result = run(source, snapshot, 30_000);
      emitted.push(...result.changed.map((r) => `${r.id}@${r.updatedAt}`));
      snapshot = result.snapshot;
    }
    // every emitted change is distinct, and the last state of every row was emitted
    expect(new Set(emitted).size).toBe(emitted.length);
    for (const row of source.rows.values()) expect(emitted).toContain(`${row.id}@${row.updatedAt}`);
  });

  it("skips and reports a record without a valid time; an unreadable snapshot starts afresh", () => {
    const result = changedSince([{ id: 1, t: "yesterday" }, { id: 2, t: at(1) }], { snapshot: { nonsense: true }, timeOf: (r) => r.t, idOf: (r) => r.id });
    expect(result.changed.map((r) => r.id)).toEqual([2]);
    expect(result.invalid.map((r) => r.id)).toEqual([1]);
    expect(changedSinceQuery({ since: at(30), seen: [] }, 10_000)?.toISOString()).toBe(at(20));
    expect(changedSinceQuery(undefined)).toBeNull();
  });
});

describe("afterLastId", () => {
  it("emits records after the last id seen, in id order (numbers as numbers), and keeps the last one", () => {
    const first = afterLastId([{ id: 10 }, { id: 9 }, { id: 100 }], { snapshot: undefined, idOf: (r) => r.id });
    expect(first.fresh.map((r) => r.id)).toEqual([9, 10, 100]);
    expect(first.snapshot).toEqual({ lastId: 100 });
    expect(afterIdQuery(first.snapshot)).toBe(100);
    const next = afterLastId([{ id: 100 }, { id: 101 }], { snapshot: first.snapshot, idOf: (r) => r.id });
    expect(next.fresh.map((r) => r.id)).toEqual([101]);
    expect(afterLastId([], { snapshot: next.snapshot, idOf: (r: { id: number }) => r.id }).snapshot).toEqual({ lastId: 101 });
    expect(afterLastId([{ id: "01HB" }, { id: "01HC" }], { snapshot: { lastId: "01HB" }, idOf: (r) => r.id }).fresh.map((r) => r.id)).toEqual(["01HC"]);
  });
});
