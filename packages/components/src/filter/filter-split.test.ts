import { StepError } from "@interflow/sdk";
import { describe, expect, it } from "vitest";
import { runStep } from "../testing";
import { filter } from "./filter";
import { split } from "../split/split";

const order = { id: 7, status: "paid", lines: [{ sku: "a", qty: 2 }, { sku: "b", qty: 1 }, { sku: "c", qty: 5 }] };

describe("transform filter", () => {
  it("keeps a message whose condition holds, unchanged with its headers", async () => {
    const result = await runStep(filter, { config: { condition: 'status = "paid" and $count(lines) > 1' }, body: order, headers: { source: "shop" } });
    expect(result.emittedMessages).toEqual([{ body: order, headers: { source: "shop" } }]);
    expect(result.filtered).toBe(false);
  });

  it("filters a message whose condition does not hold (JSONata's truth: empty text, 0, nothing)", async () => {
    for (const condition of ['status = "open"', "missing.field", '""', "0", "[]"]) {
      const result = await runStep(filter, { config: { condition }, body: order });
      expect(result.emitted, condition).toEqual([]);
      expect(result.filtered, condition).toBe(true);
    }
  });

  it("binds $headers and $steps", async () => {
    const result = await runStep(filter, { config: { condition: '$headers.source = "shop" and $steps.lookup.vip' }, body: order, headers: { source: "shop" }, steps: { lookup: { vip: true } } });
    expect(result.emitted).toEqual([order]);
  });

  it("fails with the condition's error and its position in the condition", async () => {
    const error = (await runStep(filter, { config: { condition: 'status + 1 > 0' }, body: order }).catch((e: unknown) => e)) as StepError;
    expect(error).toBeInstanceOf(StepError);
    expect(error.message).toMatch(/^filter condition failed: .*\(at character \d+ of the condition\)$/);
  });

  it("refuses an empty or invalid condition in the config", () => {
    expect(filter.config.safeParse({ condition: " " }).error?.issues[0]?.message).toBe("must not be empty");
    expect(filter.config.safeParse({ condition: "status =" }).error?.issues[0]?.message).toMatch(/^invalid JSONata expression: /);
  });
});

describe("transform split", () => {
  it("emits one message per element, each knowing its position, the total and the message it came from", async () => {
    const result = await runStep(split, { config: { path: "lines" }, body: order, headers: { source: "shop" }, id: "m-1" });
    expect(result.emittedMessages).toEqual([
      { body: { sku: "a", qty: 2 }, headers: { source: "shop", split: { index: 0, total: 3, of: "m-1" } } },
      { body: { sku: "b", qty: 1 }, headers: { source: "shop", split: { index: 1, total: 3, of: "m-1" } } },
      { body: { sku: "c", qty: 5 }, headers: { source: "shop", split: { index: 2, total: 3, of: "m-1" } } },
    ]);
  });

  it("splits the result of an expression; one value is one message; nothing or an empty list is filtered", async () => {
    expect((await runStep(split, { config: { path: "lines[qty > 1].{ \"sku\": sku, \"orderId\": %.id }" }, body: order })).emitted).toEqual([
      { sku: "a", orderId: 7 },
      { sku: "c", orderId: 7 },
    ]);
    expect((await runStep(split, { config: { path: "id" }, body: order })).emitted).toEqual([7]);
    for (const path of ["missing", "lines[qty > 100]", "[]"]) {
      const result = await runStep(split, { config: { path }, body: order });
      expect(result.emitted, path).toEqual([]);
      expect(result.filtered, path).toBe(true);
    }
  });

  it("refuses a list longer than its limit without emitting any of it", async () => {
    const body = { rows: Array.from({ length: 11 }, (_, i) => i) };
    const failure = runStep(split, { config: { path: "rows", maxItems: 10 }, body });
    await expect(failure).rejects.toThrow('the list to split has 11 elements, more than this step\'s 10 ("At most"): nothing was sent');
    expect((await runStep(split, { config: { path: "rows" }, body })).emitted).toHaveLength(11);
    expect(split.config.safeParse({ path: "rows", maxItems: 20_000 }).error?.issues[0]).toMatchObject({ path: ["maxItems"], message: "at most 10000" });
  });
});
