import { describe, expect, it } from "vitest";
import jsonata from "jsonata";
import { composeFieldMapping, locateInFieldMapping, mappingErrorText, parseFieldMapping, samplePaths, stepsPathOf } from "./field-mapping";
import { compileExpression, evaluateMapping } from "./mapping";

describe("field mapping rows", () => {
  it("compose into one JSONata object that the runner evaluates field by field", async () => {
    const source = composeFieldMapping([
      { key: "orderId", expression: "id" },
      { key: "customer name", expression: "$uppercase(customer.name)" },
      { key: "", expression: "ignored" },
      { key: "empty", expression: "  " },
    ]);
    expect(source).toBe('{\n  "orderId": id,\n  "customer name": $uppercase(customer.name)\n}');
    const compiled = compileExpression(source as string);
    if (!compiled.ok) throw new Error(compiled.error.message);
    expect(await evaluateMapping(compiled.expression, { id: 7, customer: { name: "Ada" } }, { headers: {}, steps: {} })).toEqual({
      orderId: 7,
      "customer name": "ADA",
    });
  });

  it("parse back what they composed, including commas and colons inside expressions", () => {
    const rows = [
      { key: "total", expression: "$sum(items.(price * quantity))" },
      { key: "label", expression: '"a, b: c" & name' },
      { key: "pair", expression: "{ 'x': 1, 'y': [1, 2] }" },
      { key: "when", expression: "cond ? 'yes' : 'no'" },
    ];
    expect(parseFieldMapping(composeFieldMapping(rows))).toEqual(rows);
    expect(parseFieldMapping(undefined)).toEqual([]);
    expect(parseFieldMapping("{}")).toEqual([]);
    expect(parseFieldMapping("{ 'single': 1 }")).toEqual([{ key: "single", expression: "1" }]);
  });

  it("refuse anything that is not one object with literal keys (developer mode edits those)", () => {
    expect(parseFieldMapping("$merge([$, { 'a': 1 }])")).toBeUndefined();
    expect(parseFieldMapping("{ 'a': 1 }.a")).toBeUndefined();
    expect(parseFieldMapping("{ 'a': 1 } ~> $keys")).toBeUndefined();
    expect(parseFieldMapping("{ name: 1 }")).toBeUndefined();
    expect(parseFieldMapping("{ 'a': (1 }")).toBeUndefined();
  });
});

describe("sample paths", () => {
  it("list every field as a JSONata path with an example, walking arrays through their first item", () => {
    const paths = samplePaths({ id: 7, customer: { name: "Ada", "e-mail": "a@x" }, items: [{ price: 2 }] });
    expect(paths.map((p) => p.path)).toEqual(["id", "customer", "customer.name", "customer.`e-mail`", "items", "items.price"]);
    expect(paths.find((p) => p.path === "customer.name")).toMatchObject({ example: '"Ada"', type: "string" });
    expect(paths.find((p) => p.path === "items")).toMatchObject({ type: "array" });
  });

  it("prefix earlier steps' fields with $steps, quoting ids JSONata would misread", () => {
    expect(samplePaths({ total: 3 }, stepsPathOf("webhook")).map((p) => p.path)).toEqual(["$steps.webhook", "$steps.webhook.total"]);
    expect(stepsPathOf("http-2")).toBe("$steps.`http-2`");
  });

  it("stay bounded on a huge sample", () => {
    const huge = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`f${i}`, i]));
    expect(samplePaths(huge)).toHaveLength(400);
  });
});

describe("mapping errors in the person's own text", () => {
  const mapping = composeFieldMapping([
    { key: "id", expression: "orderId" },
    { key: "say \"hi\"", expression: '"a" & x' },
    { key: "total", expression: "price *\n  quantity" },
  ]) as string;

  it("finds the field a position of the stored object falls in, and the position in its expression", () => {
    const at = (field: string, inExpression: number) => mapping.indexOf(field) + inExpression;
    expect(locateInFieldMapping(mapping, at("orderId", 3))).toEqual({ key: "id", position: 3 });
    expect(locateInFieldMapping(mapping, at('"a" & x', 6))).toEqual({ key: 'say "hi"', position: 6 });
    // a field's expression over several lines: a position on its second line is still that field's
    expect(locateInFieldMapping(mapping, at("quantity", 2))).toEqual({ key: "total", position: "price *\n  ".length + 2 });
    expect(locateInFieldMapping(mapping, 1)).toBeUndefined();
    expect(locateInFieldMapping("$sum(items.price)", 5)).toBeUndefined();
  });

  it("words an evaluation error with the field, and leaves an expression's own position alone", async () => {
    const failing = composeFieldMapping([
      { key: "id", expression: "orderId" },
      { key: "total", expression: "price * quantity" },
    ]) as string;
    const error = await jsonata(failing)
      .evaluate({ orderId: 1, price: 2, quantity: "three" })
      .catch((e: { message: string; position: number }) => e);
    expect(mappingErrorText(failing, error as { message: string; position: number })).toBe(
      `field "total": ${(error as { message: string }).message} (at character ${(error as { position: number }).position - failing.indexOf("price * quantity")} of its expression)`,
    );
    expect(mappingErrorText("price * quantity", { message: "boom", position: 7 })).toBe("boom (at character 7)");
    expect(mappingErrorText("x", { message: "no position" })).toBe("no position");
  });
});
