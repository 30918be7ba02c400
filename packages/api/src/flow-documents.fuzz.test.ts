// 1,000 generated flow documents — random JSON, and near-valid documents with hostile ids,
// components, configs, mappings, edges and settings — through the API's import: each is saved, or
// refused with a 4xx whose message names where the problem is. Nothing crashes, nothing is half saved.
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newTenant, useTestServices } from "./testing/api-fixture";

const services = useTestServices();

const hostileText = fc.oneof(
  fc.string(),
  fc.constantFrom("__proto__", "constructor", "prototype", "", " ", "../../etc/passwd", "a".repeat(5000), "$steps", "{{x}}", "\u0000", "webhook", "transform", "deliver"),
);
const value = fc.oneof(fc.jsonValue({ maxDepth: 4 }), hostileText);
const component = fc.oneof(fc.constantFrom("webhook", "transform", "http", "postgres", "nope"), hostileText);
const fn = fc.oneof(fc.constantFrom("receive", "map", "request", "poll", "query", "upsert"), hostileText);
const expression = fc.oneof(
  fc.constantFrom("$", "{ \"a\": b }", "$sum(items.(price * quantity))", "($f := function($x){$f($x)}; $f(1))", "$map([1..100], function($v){[1..10000000]})", "{", "$undefined("),
  fc.string(),
);

const node = fc.record(
  {
    id: fc.oneof(fc.constantFrom("webhook", "transform", "deliver", "a", "b"), hostileText),
    component,
    function: fn,
    config: fc.oneof(fc.dictionary(hostileText, value, { maxKeys: 4 }), fc.record({ expression, url: fc.oneof(fc.webUrl(), hostileText), method: fc.constantFrom("GET", "POST", "TRACE", "") }), value),
    mapping: expression,
    credentialId: hostileText,
    replicas: fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), value),
    position: fc.oneof(fc.record({ x: fc.double(), y: fc.double() }), value),
  },
  { requiredKeys: ["id", "component", "function"] },
);

const nearValid = fc.record(
  {
    schema: fc.oneof(fc.constant("interflow/flow@1"), hostileText),
    name: hostileText,
    type: fc.oneof(fc.constantFrom("ordinary", "realtime"), hostileText),
    nodes: fc.oneof(fc.array(node, { maxLength: 6 }), value),
    edges: fc.oneof(fc.array(fc.record({ source: fc.oneof(fc.constantFrom("webhook", "transform", "deliver", "a"), hostileText), target: fc.oneof(fc.constantFrom("webhook", "transform", "deliver", "b"), hostileText) }), { maxLength: 8 }), value),
    settings: fc.oneof(
      fc.record(
        {
          limits: fc.record({ messages: fc.oneof(fc.integer(), value), bytes: fc.oneof(fc.integer(), value) }, { requiredKeys: [] }),
          executions: fc.oneof(fc.constantFrom("all", "errors", "none"), hostileText),
          idleSeconds: fc.oneof(fc.integer(), value),
          errorFlowId: hostileText,
          schedule: fc.oneof(fc.record({ every: hostileText }), fc.record({ cron: hostileText }), value),
        },
        { requiredKeys: [] },
      ),
      value,
    ),
  },
  { requiredKeys: ["schema", "name", "nodes", "edges"] },
);

/** a valid flow with generated values where a person types them: many of these are saved */
const typed = fc
  .record({
    name: fc.string({ minLength: 1, maxLength: 80 }).filter((n) => n.trim() !== ""),
    expression: fc.oneof({ weight: 4, arbitrary: fc.constantFrom("$", '{ "a": b }', "$sum(items.(price * quantity))", "($f := function($x){$f($x)}; $f(1))") }, { weight: 1, arbitrary: expression }),
    mapping: fc.option(expression, { nil: undefined, freq: 2 }),
    url: fc.oneof({ weight: 4, arbitrary: fc.webUrl() }, { weight: 1, arbitrary: hostileText }),
    method: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "TRACE"),
    timeoutMs: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1000, max: 60_000 }) }, { weight: 1, arbitrary: fc.oneof(fc.integer(), value) }),
    headers: fc.oneof({ weight: 3, arbitrary: fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/), fc.string({ maxLength: 40 }), { maxKeys: 3 }) }, { weight: 1, arbitrary: fc.dictionary(hostileText, value, { maxKeys: 3 }) }),
    executions: fc.constantFrom("all", "errors", "none"),
  })
  .map((t) => ({
    schema: "interflow/flow@1",
    name: t.name,
    settings: { executions: t.executions },
    nodes: [
      { id: "webhook", component: "webhook", function: "receive", config: {} },
      { id: "transform", component: "transform", function: "map", config: { expression: t.expression } },
      { id: "deliver", component: "http", function: "request", config: { method: t.method, url: t.url, timeoutMs: t.timeoutMs, headers: t.headers }, ...(t.mapping ? { mapping: t.mapping } : {}) },
    ],
    edges: [
      { source: "webhook", target: "transform" },
      { source: "transform", target: "deliver" },
    ],
  }));

describe("flow documents, generated", () => {
  it("1,000 of them through import: saved, or refused with a 4xx naming where; never a crash", { timeout: 180_000 }, async () => {
    const { caller } = await newTenant(services);
    const outcomes = { saved: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 1, arbitrary: fc.jsonValue({ maxDepth: 5 }) }, { weight: 3, arbitrary: nearValid }, { weight: 3, arbitrary: typed }), async (document) => {
        try {
          const saved = await caller.flows.import({ document: document as never });
          expect(saved.id).toBeTruthy();
          outcomes.saved++;
        } catch (error) {
          expect(error).toBeInstanceOf(TRPCError);
          const status = getHTTPStatusCodeFromError(error as TRPCError);
          expect(status, (error as Error).message).toBeGreaterThanOrEqual(400);
          expect(status, (error as Error).message).toBeLessThan(500);
          // "where: what" — a field path before the first colon
          expect((error as Error).message).toMatch(/^(invalid input: |the flow is not valid: )?[\w$.[\]"-]+[^\n]*: \S/);
          outcomes.refused++;
        }
      }),
      { numRuns: 1000 },
    );
    expect(outcomes.saved + outcomes.refused).toBe(1000);
    // the generated documents reach past the first checks: some are whole flows
    expect(outcomes.saved).toBeGreaterThan(20);
    // every flow saved is whole: it reads back and exports as it was saved
    const { flows } = await caller.flows.list();
    expect(flows).toHaveLength(outcomes.saved);
    for (const flow of flows.slice(0, 20)) expect((await caller.flows.export({ id: flow.id })).document.nodes.length).toBeGreaterThan(0);
  });
});
