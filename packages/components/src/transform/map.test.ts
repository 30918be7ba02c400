import { StepError } from "@interflow/sdk";
import { describe, expect, it } from "vitest";
import { runStep } from "../testing";
import { map } from "./map";

/** what the next step receives: the envelope is JSON on the queue (JSONata's sequence marks on arrays vanish) */
const asQueued = (value: unknown) => JSON.parse(JSON.stringify(value));

const order = { id: 7, customer: { name: "Ada" }, lines: [{ sku: "a", qty: 2, price: 3 }, { sku: "b", qty: 1, price: 10 }] };

describe("transform map", () => {
  it("emits the expression's result as the new body", async () => {
    const { emitted } = await runStep(map, {
      config: { expression: '{ "orderId": id, "who": customer.name, "total": $sum(lines.(qty * price)), "skus": lines.sku }' },
      body: order,
    });
    expect(asQueued(emitted)).toEqual([{ orderId: 7, who: "Ada", total: 16, skus: ["a", "b"] }]);
  });

  it("binds the message headers as $headers", async () => {
    const { emitted } = await runStep(map, {
      config: { expression: '{ "method": $headers.method, "signature": $headers.headers."x-signature", "id": id }' },
      body: order,
      headers: { method: "POST", headers: { "x-signature": "abc" } },
    });
    expect(emitted).toEqual([{ method: "POST", signature: "abc", id: 7 }]);
  });

  it("binds earlier steps' output as $steps when the message carries it", async () => {
    const { emitted } = await runStep(map, {
      config: { expression: "$steps.lookup.email" },
      body: order,
      steps: { lookup: { email: "ada@example.test" } },
    });
    expect(emitted).toEqual(["ada@example.test"]);
  });

  it("gives {} when the expression yields nothing", async () => {
    const { emitted } = await runStep(map, { config: { expression: "missing.field" }, body: order });
    expect(emitted).toEqual([{}]);
  });

  it("refuses an invalid expression in the config with a message naming the problem", () => {
    const result = map.config.safeParse({ expression: '{ "a": id ' });
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path).toEqual(["expression"]);
    expect(issue.message).toMatch(/^invalid JSONata expression: .*\(at character \d+\)$/);
  });

  it("refuses a missing or empty expression", () => {
    expect(map.config.safeParse({}).error!.issues[0]!.message).toBe("must be a JSONata expression");
    const empty = map.config.safeParse({ expression: "  " }).error!.issues;
    expect(empty.map((i) => i.message)).toEqual(["must not be empty"]);
  });

  it("turns an evaluation error into a StepError with the expression and error in details", async () => {
    const expression = 'customer.name + 1';
    const failure = runStep(map, { config: { expression }, body: order });
    await expect(failure).rejects.toBeInstanceOf(StepError);
    const error = (await failure.catch((e: unknown) => e)) as StepError;
    expect(error.message).toMatch(/^transform expression failed: .*number/);
    expect(error.details).toMatchObject({ expression, error: { code: "T2001", message: expect.any(String) } });
  });
});
