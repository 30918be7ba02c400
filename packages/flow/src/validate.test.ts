import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ComponentCatalog } from "./catalog";
import { composeFieldMapping } from "./field-mapping";
import { compileExpression } from "./mapping";
import { type FlowIssue, validateFlow } from "./validate";

const catalog: ComponentCatalog = {
  webhook: { functions: { receive: { kind: "trigger" } } },
  schedule: { functions: { tick: { kind: "trigger" } } },
  transform: { functions: { map: { kind: "action", config: z.object({ expression: z.string({ error: "is required" }) }) } } },
  http: { functions: { request: { kind: "action" } } },
};

const node = (id: string, component = "http", fn = "request", extra: Record<string, unknown> = {}) => ({
  id,
  component,
  function: fn,
  config: {},
  position: { x: 0, y: 0 },
  ...extra,
});
const doc = (nodes: unknown[], edges: Array<[string, string]> = []) => ({
  schema: "interflow/flow@1",
  name: "Orders",
  nodes,
  edges: edges.map(([source, target]) => ({ source, target })),
});
const issues = (input: unknown): FlowIssue[] => {
  const result = validateFlow(input, catalog);
  if (result.ok) throw new Error("expected the flow to be invalid");
  return result.issues;
};
const one = (input: unknown, rule: FlowIssue["rule"]) => {
  const found = issues(input).filter((i) => i.rule === rule);
  expect(found, JSON.stringify(issues(input))).toHaveLength(1);
  return found[0] as FlowIssue;
};

describe("validateFlow", () => {
  it("accepts a trigger with a fan-out to two actions and fills defaults", () => {
    const result = validateFlow(doc([node("in", "webhook", "receive"), node("a"), node("b")], [["in", "a"], ["in", "b"]]), catalog);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.triggerId).toBe("in");
      expect(result.flow.type).toBe("ordinary");
    }
  });

  it("names the field for a malformed document", () => {
    expect(issues({ schema: "interflow/flow@2", name: "x", nodes: [] }).map((i) => i.path)).toEqual(["schema", "nodes"]);
    expect(issues({ schema: "interflow/flow@1", name: " ", nodes: [node("a", "webhook", "receive")] })[0]?.message).toMatch(/^name: /);
    const bad = issues(doc([{ id: "1bad", component: "webhook", function: "receive" }]));
    expect(bad[0]?.path).toBe("nodes[0].id");
    expect(bad[0]?.message).toMatch(/must start with a letter/);
    expect(issues("not a flow")[0]?.rule).toBe("schema");
    expect(issues(doc([node("a", "webhook", "receive")], [["a", 5 as unknown as string]]))[0]?.path).toBe("edges[0].target");
  });

  it("accepts a step's credential by id, or named by an export (name and component), and names a bad reference", () => {
    const named = { credential: { name: "CRM", component: "http" } };
    const result = validateFlow(doc([node("in", "webhook", "receive"), node("a", "http", "request", { credentialId: "c-1" }), node("b", "http", "request", named)], [["in", "a"], ["in", "b"]]), catalog);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.flow.nodes.map((n) => [n.credentialId, n.credential])).toEqual([[undefined, undefined], ["c-1", undefined], [undefined, { name: "CRM", component: "http" }]]);
    const bad = issues(doc([node("in", "webhook", "receive"), node("a", "http", "request", { credential: { name: " ", component: "http" } })], [["in", "a"]]));
    expect(bad.map((i) => [i.path, i.message])).toEqual([["nodes[1].credential.name", "nodes[1].credential.name: must name a credential"]]);
  });

  it("accepts queue limits and an idle period in the settings, and names a bad one", () => {
    const settings = { limits: { messages: 500, bytes: 1_048_576 }, idleSeconds: 120 };
    const ok = validateFlow({ ...doc([node("in", "webhook", "receive")]), settings }, catalog);
    expect(ok.ok && ok.flow.settings).toEqual(settings);
    const bad = issues({ ...doc([node("in", "webhook", "receive")]), settings: { limits: { messages: 0 } } });
    expect(bad[0]?.message).toBe("settings.limits.messages: must be at least 1");
  });

  it("rejects a flow without a trigger", () => {
    expect(one(doc([node("a")]), "no-trigger").message).toBe("the flow has no trigger; its first step must be a trigger");
  });

  it("rejects a second trigger, naming both", () => {
    const issue = one(doc([node("in", "webhook", "receive"), node("tick", "schedule", "tick")]), "second-trigger");
    expect(issue.nodeId).toBe("tick");
    expect(issue.message).toBe('node "tick": is a second trigger ("in" is the trigger); a flow has exactly one');
  });

  it("rejects an edge into the trigger", () => {
    const issue = one(doc([node("in", "webhook", "receive"), node("a")], [["in", "a"], ["a", "in"]]), "edge-into-trigger");
    expect(issue.message).toBe('node "in": is the trigger; no edge may lead into it (edge from "a")');
  });

  it("rejects a node the trigger cannot reach", () => {
    const issue = one(doc([node("in", "webhook", "receive"), node("a"), node("lonely")], [["in", "a"]]), "unreachable");
    expect(issue.nodeId).toBe("lonely");
    expect(issue.message).toMatch(/cannot be reached from the trigger "in"/);
  });

  it("rejects a cycle, naming its path", () => {
    const issue = one(doc([node("in", "webhook", "receive"), node("a"), node("b")], [["in", "a"], ["a", "b"], ["b", "a"]]), "cycle");
    expect(issue.message).toMatch(/is part of a cycle: (a → b → a|b → a → b)/);
  });

  it("rejects a join and a self loop", () => {
    one(doc([node("in", "webhook", "receive"), node("a"), node("b"), node("c")], [["in", "a"], ["in", "b"], ["a", "c"], ["b", "c"]]), "join");
    one(doc([node("in", "webhook", "receive"), node("a")], [["in", "a"], ["a", "a"]]), "self-loop");
  });

  it("rejects unknown components and functions, listing what exists", () => {
    expect(one(doc([node("in", "webhook", "receive"), node("a", "salesforce")], [["in", "a"]]), "unknown-component").message).toBe(
      'node "a": unknown component "salesforce" (known: http, schedule, transform, webhook)',
    );
    expect(one(doc([node("in", "webhook", "listen")]), "unknown-function").message).toBe(
      'node "in": component "webhook" has no function "listen" (it has: receive)',
    );
  });

  it("rejects duplicate node ids, duplicate edges and edges to unknown nodes", () => {
    one(doc([node("in", "webhook", "receive"), node("a"), node("a")], [["in", "a"]]), "duplicate-node-id");
    one(doc([node("in", "webhook", "receive"), node("a")], [["in", "a"], ["in", "a"]]), "duplicate-edge");
    expect(one(doc([node("in", "webhook", "receive")], [["in", "ghost"]]), "edge-unknown-node").path).toBe("edges[0].target");
  });

  it("checks each node's config with its component's schema, at the field", () => {
    const issue = one(doc([node("in", "webhook", "receive"), node("t", "transform", "map")], [["in", "t"]]), "invalid-config");
    expect(issue.path).toBe("nodes[1].config.expression");
    expect(issue.message).toBe('node "t": nodes[1].config.expression: is required');
  });

  it("rejects invalid JSONata in a mapping when the flow is saved, and a mapping on the trigger", () => {
    const issue = one(doc([node("in", "webhook", "receive"), node("a", "http", "request", { mapping: '{ "a": $foo( }' })], [["in", "a"]]), "invalid-mapping");
    expect(issue.message).toMatch(/^node "a": mapping is not valid JSONata: .+ \(at character \d+\)/);
    one(doc([node("in", "webhook", "receive", { mapping: "$" })]), "mapping-on-trigger");
  });

  it("points a mapping's error into the field the person typed, not into the object its fields are stored as", () => {
    const mapping = composeFieldMapping([
      { key: "orderId", expression: "id" },
      { key: "customer", expression: "customer.name" },
      { key: "total", expression: "$sum(items.(price * ))" },
    ]) as string;
    const issue = one(doc([node("in", "webhook", "receive"), node("a", "http", "request", { mapping })], [["in", "a"]]), "invalid-mapping");
    const own = compileExpression("$sum(items.(price * ))");
    expect(own.ok).toBe(false);
    const { position } = (own as { error: { position: number } }).error;
    expect(issue.message).toBe(`node "a": mapping is not valid JSONata: field "total": ${(own as { error: { message: string } }).error.message.replace(/ \(at character \d+\)$/, "")} (at character ${position} of its expression)`);
    // written as one expression (developer mode), the position is in that text
    const whole = one(doc([node("in", "webhook", "receive"), node("a", "http", "request", { mapping: "$sum(items.(price * ))" })], [["in", "a"]]), "invalid-mapping");
    expect(whole.message).toMatch(new RegExp(`\\(at character ${position}\\)$`));
  });

  it("reports every problem at once", () => {
    const all = issues(doc([node("in", "webhook", "receive"), node("x", "nope"), node("t", "transform", "map")], [["in", "t"]]));
    expect(all.map((i) => i.rule).sort()).toEqual(["invalid-config", "unknown-component", "unreachable"]);
  });
});
