import { describe, expect, it } from "vitest";
import { compileExpression, evaluateMapping } from "./mapping";

const compile = (source: string) => {
  const compiled = compileExpression(source);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.expression;
};

describe("mapping", () => {
  it("evaluates against the body with $headers and $steps bound", async () => {
    const result = await evaluateMapping(
      compile('{ "name": customer.name, "total": $sum(items.price), "method": $headers.method, "order": $steps.fetch.body.id }'),
      { customer: { name: "Ada" }, items: [{ price: 2 }, { price: 3.5 }] },
      { headers: { method: "POST" }, steps: { fetch: { body: { id: "o-9" } } } },
    );
    expect(result).toEqual({ name: "Ada", total: 5.5, method: "POST", order: "o-9" });
  });

  it("gives an empty object when the expression matches nothing", async () => {
    expect(await evaluateMapping(compile("missing.field"), { a: 1 }, { headers: {}, steps: {} })).toEqual({});
  });

  it("reports an invalid expression with its position instead of throwing", () => {
    const compiled = compileExpression('{ "a": $foo( }');
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) {
      expect(compiled.error.message).toMatch(/\(at character \d+\)$/);
      expect(compiled.error.position).toBeGreaterThan(0);
    }
  });

  it("surfaces run-time errors of a valid expression", async () => {
    await expect(evaluateMapping(compile("$number('abc') + x"), {}, { headers: {}, steps: {} })).rejects.toThrow();
  });
});
