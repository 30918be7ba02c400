import jsonata from "jsonata";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ComponentCatalog } from "./catalog";
import { ConditionError, jsonataTruth, routeMessage, routesOf, type StepRoutes } from "./routing";
import { type FlowIssue, validateFlow } from "./validate";

/** conditions evaluated with JSONata itself (the runner uses its sandbox; the truth is the same) */
const holdsOn = (body: unknown) => async (condition: string) => jsonataTruth(await jsonata(condition).evaluate(body));

const routes = (routing: StepRoutes["routing"], ...connections: StepRoutes["connections"]): StepRoutes => ({ routing, connections });

describe("routeMessage", () => {
  const big = { total: 1500, country: "DE" };
  const small = { total: 20, country: "FR" };

  it('"all": every connection whose condition holds, and every one without a condition', async () => {
    const r = routes("all", { target: "approve", condition: "total > 1000" }, { target: "eu", condition: 'country in ["DE","FR"]' }, { target: "audit" });
    expect(await routeMessage(r, holdsOn(big))).toEqual(["approve", "eu", "audit"]);
    expect(await routeMessage(r, holdsOn(small))).toEqual(["eu", "audit"]);
  });

  it('"first": only the first connection in order that takes the message', async () => {
    const r = routes("first", { target: "approve", condition: "total > 1000" }, { target: "eu", condition: 'country in ["DE","FR"]' }, { target: "rest" });
    expect(await routeMessage(r, holdsOn(big))).toEqual(["approve"]);
    expect(await routeMessage(r, holdsOn(small))).toEqual(["eu"]);
    expect(await routeMessage(r, holdsOn({ total: 1, country: "US" }))).toEqual(["rest"]);
  });

  it("otherwise takes what no condition took; without one the message is filtered (no targets)", async () => {
    const withOtherwise = routes("all", { target: "approve", condition: "total > 1000" }, { target: "manual", otherwise: true });
    expect(await routeMessage(withOtherwise, holdsOn(big))).toEqual(["approve"]);
    expect(await routeMessage(withOtherwise, holdsOn(small))).toEqual(["manual"]);
    const without = routes("all", { target: "approve", condition: "total > 1000" });
    expect(await routeMessage(without, holdsOn(small))).toEqual([]);
  });

  it('"first" evaluates conditions only until one holds', async () => {
    const asked: string[] = [];
    const r = routes("first", { target: "a", condition: "true" }, { target: "b", condition: "$error('never')" });
    const targets = await routeMessage(r, async (c) => {
      asked.push(c);
      return holdsOn({})(c);
    });
    expect(targets).toEqual(["a"]);
    expect(asked).toEqual(["true"]);
  });

  it("a condition that fails names its connection and the position in the condition", async () => {
    const r = routes("all", { target: "approve", condition: 'total + "x"' });
    const error = await routeMessage(r, async (c) => jsonataTruth(await jsonata(c).evaluate(big))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConditionError);
    expect((error as Error).message).toMatch(/^the condition on the connection to "approve" failed: .*\(at character \d+ of the condition\)$/);
  });
});

describe("jsonataTruth is JSONata's $boolean", () => {
  const values: unknown[] = [true, false, 0, 1, -2.5, "", "a", null, [], [0], [0, ""], [0, 1], {}, { a: 0 }, [[]], [[1]], [{}]];
  it.each(values.map((v) => [JSON.stringify(v), v]))("%s", async (_, value) => {
    expect(jsonataTruth(value)).toBe(await jsonata("$boolean($)").evaluate(value === null ? null : value));
  });
});

const catalog: ComponentCatalog = {
  webhook: { functions: { receive: { kind: "trigger" } } },
  http: { functions: { request: { kind: "action", config: z.object({}) } } },
};
const node = (id: string, component = "http", fn = "request", extra: Record<string, unknown> = {}) => ({ id, component, function: fn, config: {}, ...extra });
const doc = (edges: unknown[], hook: Record<string, unknown> = {}) => ({
  schema: "interflow/flow@1",
  name: "Routes",
  nodes: [node("in", "webhook", "receive", hook), node("a"), node("b"), node("c")],
  edges,
});
const issuesOf = (input: unknown): FlowIssue[] => {
  const result = validateFlow(input, catalog);
  return result.ok ? [] : result.issues;
};

describe("validateFlow: conditions on connections", () => {
  it("accepts conditions, an otherwise connection and routing first, and keeps them", () => {
    const input = doc(
      [
        { source: "in", target: "a", condition: "total > 1000" },
        { source: "in", target: "b", condition: 'country = "DE"' },
        { source: "in", target: "c", otherwise: true },
      ],
      { routing: "first" },
    );
    const result = validateFlow(input, catalog);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(routesOf(result.flow, "in")).toEqual({
      routing: "first",
      connections: [
        { target: "a", condition: "total > 1000" },
        { target: "b", condition: 'country = "DE"' },
        { target: "c", otherwise: true },
      ],
    });
  });

  it("names the connection and the position in the condition for invalid JSONata", () => {
    const found = issuesOf(doc([{ source: "in", target: "a", condition: "total >" }, { source: "in", target: "b" }, { source: "in", target: "c" }]));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: "invalid-condition", path: "edges[0].condition", nodeId: "in" });
    expect(found[0]?.message).toMatch(/^node "in": the condition on the connection to "a" is not valid JSONata: .*of the condition\)$/);
  });

  it("refuses an otherwise with a condition, two otherwise connections, and an otherwise with no condition beside it", () => {
    expect(issuesOf(doc([{ source: "in", target: "a", condition: "x" }, { source: "in", target: "b", condition: "y", otherwise: true }, { source: "a", target: "c" }])).map((i) => [i.rule, i.path])).toEqual([
      ["otherwise", "edges[1].otherwise"],
    ]);
    expect(
      issuesOf(doc([{ source: "in", target: "a", condition: "x" }, { source: "in", target: "b", otherwise: true }, { source: "in", target: "c", otherwise: true }])).map((i) => i.message),
    ).toEqual(['node "in": has 2 otherwise connections (to "b", "c"); a step has at most one']);
    expect(issuesOf(doc([{ source: "in", target: "a" }, { source: "in", target: "b", otherwise: true }, { source: "in", target: "c" }])).map((i) => [i.rule, i.path, i.message])).toEqual([
      ["otherwise", "edges[1].otherwise", 'node "in": the otherwise connection to "b" needs a connection with a condition beside it'],
    ]);
  });

  it("refuses an empty condition and an unknown routing, naming the field", () => {
    const found = issuesOf(doc([{ source: "in", target: "a", condition: "  " }, { source: "in", target: "b" }, { source: "in", target: "c" }], { routing: "some" }));
    expect(found.map((i) => i.path).sort()).toEqual(["edges[0].condition", "nodes[0].routing"]);
  });
});
