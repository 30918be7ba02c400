import fc from "fast-check";
import jsonata from "jsonata";
import { afterAll, describe, expect, it } from "vitest";
import { ExpressionEvaluationError, ExpressionLimitError, ExpressionSandbox, evaluateMappingLimited, expressionLimitsFromEnv } from "./expression-sandbox";

const RUNAWAY = "($f := function($x){$f($x)}; $f(1))";
const MEMORY_BOMB = "$map([1..100], function($v){[1..10000000]})";
const REDOS = `$match("${"a".repeat(40)}!", /(a+)+$/)`;

const sandbox = new ExpressionSandbox({ timeoutMs: 300, memoryMb: 64 });
afterAll(() => sandbox.close());

/** How often a 10 ms timer fired on the caller's event loop while `work` ran. */
async function ticksDuring<T>(work: Promise<T>): Promise<{ ticks: number; ms: number; settled: PromiseSettledResult<T> }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  const started = Date.now();
  const [settled] = await Promise.allSettled([work]);
  clearInterval(timer);
  return { ticks, ms: Date.now() - started, settled: settled as PromiseSettledResult<T> };
}

describe("expression sandbox", () => {
  it("gives what JSONata gives, with bindings, and undefined for nothing", async () => {
    const body = { id: 7, customer: { name: "Ada", email: "ADA@EXAMPLE.COM" }, items: [{ price: 2, quantity: 3 }, { price: 1.5, quantity: 2 }] };
    await expect(sandbox.evaluate(`{ "id": id, "email": $lowercase(customer.email), "total": $sum(items.(price * quantity)), "via": $headers.method }`, body, { headers: { method: "POST" } })).resolves.toEqual({
      id: 7,
      email: "ada@example.com",
      total: 9,
      via: "POST",
    });
    await expect(sandbox.evaluate("missing", body)).resolves.toBeUndefined();
    await expect(evaluateMappingLimited("missing", body, { headers: {}, steps: {} }, sandbox)).resolves.toEqual({});
    await expect(evaluateMappingLimited("$steps.a.x", {}, { headers: {}, steps: { a: { x: [1, 2] } } }, sandbox)).resolves.toEqual([1, 2]);
  });

  it("reports JSONata's own errors as they are", async () => {
    const error = (await sandbox.evaluate('$number("abc") + x', {}).catch((e: unknown) => e)) as ExpressionEvaluationError;
    expect(error).toBeInstanceOf(ExpressionEvaluationError);
    expect(error.code).toBe("D3030");
    expect(error.message).toMatch(/Unable to cast value to a number/);
    await expect(sandbox.evaluate("function($x){$x}", {})).rejects.toThrow(/not data/);
  });

  it("stops a runaway expression after the time limit, keeps the caller's event loop free, and finishes the others of its batch", async () => {
    const before = sandbox.evaluate("a + 1", { a: 1 });
    const runaway = sandbox.evaluate(RUNAWAY, {});
    const after = sandbox.evaluate("a * 2", { a: 21 });
    const { ticks, ms, settled } = await ticksDuring(runaway);
    expect(settled.status).toBe("rejected");
    const error = (settled as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(ExpressionLimitError);
    expect(error.message).toBe("expression stopped after 300 ms (the time one evaluation may take)");
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(3000);
    // a blocked loop would not have ticked at all
    expect(ticks).toBeGreaterThan(ms / 10 / 4);
    await expect(before).resolves.toBe(2);
    await expect(after).resolves.toBe(42);
    await expect(sandbox.evaluate("'still' & ' here'", {})).resolves.toBe("still here");
  });

  it("stops a regular expression that backtracks for ever", async () => {
    await expect(sandbox.evaluate(REDOS, {})).rejects.toThrow("expression stopped after 300 ms");
  });

  it("stops an expression that needs more memory than its evaluator may have, and goes on", async () => {
    // time enough: only memory can stop it
    const roomy = new ExpressionSandbox({ timeoutMs: 20_000, memoryMb: 64 });
    try {
      const good = Array.from({ length: 5 }, (_, i) => roomy.evaluate("$ * 3", i));
      const { settled, ticks, ms } = await ticksDuring(roomy.evaluate(MEMORY_BOMB, {}));
      expect(settled.status).toBe("rejected");
      const error = (settled as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(ExpressionLimitError);
      expect(error.message).toBe("expression stopped: it needed more than 64 MB of memory");
      expect(ticks).toBeGreaterThan(ms / 10 / 4);
      await expect(Promise.all(good)).resolves.toEqual([0, 3, 6, 9, 12]);
      await expect(roomy.evaluate("$count([1..1000])", {})).resolves.toBe(1000);
      // one block larger than the whole limit (a worker thread would take its process down with it)
      await expect(roomy.evaluate("$count([1..10000000])", {})).rejects.toThrow("expression stopped: it needed more than 64 MB of memory");
    } finally {
      await roomy.close();
    }
  });

  it("does not blame the next evaluation for memory a big one left behind", { timeout: 30_000 }, async () => {
    const roomy = new ExpressionSandbox({ timeoutMs: 20_000, memoryMb: 128 });
    try {
      for (let round = 0; round < 3; round++) {
        await expect(roomy.evaluate("$count([1..3000000])", {})).resolves.toBe(3_000_000);
        await expect(roomy.evaluate('{ "n": $count(items) }', { items: [1, 2, 3] })).resolves.toEqual({ n: 3 });
        // at the limit (it may or may not fit): whatever becomes of it, the next one is not blamed
        await roomy.evaluate("$count([1..10000000])", {}).catch(() => undefined);
        await expect(roomy.evaluate('{ "n": $count(items) }', { items: [1, 2] })).resolves.toEqual({ n: 2 });
      }
    } finally {
      await roomy.close();
    }
  });

  it("blames only the expression that ran out of memory, not the inputs that shared its evaluator", async () => {
    const big = { text: "x".repeat(4 * 1024 * 1024) };
    const results = await Promise.allSettled([
      ...Array.from({ length: 6 }, () => sandbox.evaluate("$length(text)", big)),
      sandbox.evaluate("$map([1..200], function($v){[1..1000000]})", {}),
    ]);
    expect(results.slice(0, 6).map((r) => (r.status === "fulfilled" ? r.value : String(r.reason)))).toEqual(Array(6).fill(4 * 1024 * 1024));
    expect(results[6]?.status).toBe("rejected");
  });

  it("gives the same values as JSONata in the caller's thread (1,000 generated bodies)", async () => {
    const expressions = ["$", "a.b", "$count(list)", "$sum(list[$type($) = 'number'])", "$keys($)", "{ 'n': $string(a), 'l': list[0] }", "list.$string($)", "$exists(a) ? 'yes' : 'no'"];
    const compiled = expressions.map((e) => jsonata(e));
    const json = (v: unknown) => (v === undefined ? "undefined" : JSON.stringify(v));
    await fc.assert(
      fc.asyncProperty(fc.record({ a: fc.jsonValue(), list: fc.array(fc.jsonValue(), { maxLength: 5 }) }, { requiredKeys: [] }), fc.integer({ min: 0, max: expressions.length - 1 }), async (body, i) => {
        const here = await compiled[i]?.evaluate(body).then(json, (e: Error) => `error: ${e.message}`);
        const there = await sandbox.evaluate(expressions[i] as string, body).then(json, (e: Error) => `error: ${e.message}`);
        expect(there).toBe(here);
      }),
      { numRuns: 1000 },
    );
  });

  it("reads its limits from the environment, refusing what is not a limit", () => {
    expect(expressionLimitsFromEnv({})).toEqual({ timeoutMs: 1000, memoryMb: 128 });
    expect(expressionLimitsFromEnv({ INTERFLOW_EXPRESSION_TIMEOUT_MS: "250", INTERFLOW_EXPRESSION_MEMORY_MB: "64" })).toEqual({ timeoutMs: 250, memoryMb: 64 });
    expect(() => expressionLimitsFromEnv({ INTERFLOW_EXPRESSION_TIMEOUT_MS: "soon" })).toThrow('INTERFLOW_EXPRESSION_TIMEOUT_MS must be a whole number from 10 to 600000 (it is "soon")');
  });
});
