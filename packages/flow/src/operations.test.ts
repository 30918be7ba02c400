import { describe, expect, it } from "vitest";
import { applyOperation, type DraftDocument, emptyDraft, type FlowOperation, newStepId, upstreamStepsOf } from "./operations";
import { validateFlow } from "./validate";

const catalog = {
  webhook: { functions: { receive: { kind: "trigger" as const } } },
  transform: { functions: { map: { kind: "action" as const } } },
  http: { functions: { request: { kind: "action" as const } } },
};
const kindOf = (component: string, fn: string): "trigger" | "action" | undefined =>
  (catalog as Record<string, { functions: Record<string, { kind: "trigger" | "action" }> }>)[component]?.functions[fn]?.kind;
const at = { x: 0, y: 0 };

function build(...operations: FlowOperation[]): DraftDocument {
  return operations.reduce((doc, op) => applyOperation(doc, op, kindOf), emptyDraft("Orders"));
}

describe("flow operations", () => {
  it("build the example flow step by step into a valid document", () => {
    const doc = build(
      { type: "add-trigger", component: "webhook", function: "receive", position: at },
      { type: "add-action", component: "transform", function: "map", position: { x: 280, y: 0 }, after: "webhook", config: { expression: "$" } },
      { type: "add-action", component: "http", function: "request", position: { x: 560, y: 0 } },
      { type: "connect", source: "transform", target: "http" },
      { type: "set-mapping", id: "http", mapping: '{ "id": id }' },
    );
    expect(doc.nodes.map((n) => n.id)).toEqual(["webhook", "transform", "http"]);
    expect(doc.edges).toEqual([
      { source: "webhook", target: "transform" },
      { source: "transform", target: "http" },
    ]);
    expect(validateFlow(doc, catalog).ok).toBe(true);
    expect(upstreamStepsOf(doc, "http")).toEqual(["transform", "webhook"]);
  });

  it("set what a connection lets through, the step's routing and the connections' order", () => {
    let doc = build(
      { type: "add-trigger", component: "webhook", function: "receive", position: at },
      { type: "add-action", component: "http", function: "request", position: at, after: "webhook", id: "big" },
      { type: "add-action", component: "http", function: "request", position: at, after: "webhook", id: "eu" },
      { type: "add-action", component: "http", function: "request", position: at, after: "webhook", id: "rest" },
    );
    const apply = (op: FlowOperation) => {
      doc = applyOperation(doc, op, kindOf);
      return doc;
    };
    apply({ type: "set-connection", source: "webhook", target: "big", when: "condition", condition: "total > 1000" });
    apply({ type: "set-connection", source: "webhook", target: "eu", when: "otherwise" });
    // one otherwise per step: choosing it on another connection moves it there
    apply({ type: "set-connection", source: "webhook", target: "rest", when: "otherwise" });
    expect(doc.edges).toEqual([
      { source: "webhook", target: "big", condition: "total > 1000" },
      { source: "webhook", target: "eu" },
      { source: "webhook", target: "rest", otherwise: true },
    ]);
    apply({ type: "set-connection", source: "webhook", target: "eu", when: "condition", condition: 'country = "DE"' });
    apply({ type: "set-routing", id: "webhook", routing: "first" });
    apply({ type: "move-connection", source: "webhook", target: "eu", by: -1 });
    expect(doc.edges.map((e) => e.target)).toEqual(["eu", "big", "rest"]);
    expect(doc.nodes[0]?.routing).toBe("first");
    expect(validateFlow(doc, catalog).ok).toBe(true);
    // past either end: unchanged
    expect(applyOperation(doc, { type: "move-connection", source: "webhook", target: "eu", by: -1 }, kindOf)).toBe(doc);
    apply({ type: "set-connection", source: "webhook", target: "big", when: "always" });
    apply({ type: "set-routing", id: "webhook", routing: "all" });
    expect(doc.edges[1]).toEqual({ source: "webhook", target: "big" });
    expect(doc.nodes[0]).not.toHaveProperty("routing");
    expect(() => applyOperation(doc, { type: "set-connection", source: "big", target: "eu", when: "always" }, kindOf)).toThrow('there is no connection from "big" to "eu"');
  });

  it("add and remove test cases, refusing a name taken and a case that is not one", () => {
    let doc = build({ type: "add-trigger", component: "webhook", function: "receive", position: at }, { type: "add-action", component: "http", function: "request", position: at, after: "webhook" });
    const test = { name: "big order", input: { total: 5 }, expect: { http: { runs: 1 } } };
    doc = applyOperation(doc, { type: "add-test", test }, kindOf);
    expect(doc.tests).toEqual([test]);
    expect(() => applyOperation(doc, { type: "add-test", test }, kindOf)).toThrow('test.name: the flow has a test case named "big order" already');
    expect(() => applyOperation(doc, { type: "add-test", test: { ...test, name: "empty", expect: {} } }, kindOf)).toThrow("test: expect: must name at least one step");
    expect(validateFlow(doc, catalog).ok).toBe(true);
    doc = applyOperation(doc, { type: "remove-test", name: "big order" }, kindOf);
    expect(doc).not.toHaveProperty("tests");
  });

  it("never change the document they are given", () => {
    const before = build({ type: "add-trigger", component: "webhook", function: "receive", position: at });
    const frozen = JSON.stringify(before);
    applyOperation(before, { type: "add-action", component: "http", function: "request", position: at, after: "webhook" }, kindOf);
    applyOperation(before, { type: "move-step", id: "webhook", position: { x: 5, y: 5 } }, kindOf);
    expect(JSON.stringify(before)).toBe(frozen);
  });

  it("refuse a second trigger and unknown steps with the reason", () => {
    const doc = build({ type: "add-trigger", component: "webhook", function: "receive", position: at });
    expect(() => applyOperation(doc, { type: "add-trigger", component: "webhook", function: "receive", position: at }, kindOf)).toThrow(
      'the flow already starts with the trigger "webhook"; remove it first',
    );
    expect(() => applyOperation(doc, { type: "connect", source: "webhook", target: "nope" }, kindOf)).toThrow('the flow has no step "nope"');
  });

  it("give new steps unique ids usable in $steps without quoting", () => {
    const doc = build(
      { type: "add-trigger", component: "webhook", function: "receive", position: at },
      { type: "add-action", component: "http", function: "request", position: at, after: "webhook" },
      { type: "add-action", component: "http", function: "request", position: at, after: "http" },
    );
    expect(doc.nodes.map((n) => n.id)).toEqual(["webhook", "http", "http_2"]);
    expect(newStepId(doc, "google-sheets")).toBe("google_sheets");
    expect(newStepId(doc, "3d")).toBe("step_3d");
  });

  it("keep a chain connected when a middle step is removed, and show a removed trigger as 'no trigger'", () => {
    const chain = build(
      { type: "add-trigger", component: "webhook", function: "receive", position: at },
      { type: "add-action", component: "transform", function: "map", position: at, after: "webhook", config: { expression: "$" } },
      { type: "add-action", component: "http", function: "request", position: at, after: "transform" },
    );
    const withoutMiddle = applyOperation(chain, { type: "remove-step", id: "transform" }, kindOf);
    expect(withoutMiddle.edges).toEqual([{ source: "webhook", target: "http" }]);
    const withoutTrigger = applyOperation(chain, { type: "remove-step", id: "webhook" }, kindOf);
    const validation = validateFlow(withoutTrigger, catalog);
    expect(validation.ok).toBe(false);
    if (!validation.ok) expect(validation.issues.map((i) => i.rule)).toContain("no-trigger");
  });

  it("let connecting an action again replace its input (an action has one step before it)", () => {
    const doc = build(
      { type: "add-trigger", component: "webhook", function: "receive", position: at },
      { type: "add-action", component: "transform", function: "map", position: at, after: "webhook", config: { expression: "$" } },
      { type: "add-action", component: "http", function: "request", position: at, after: "webhook" },
      { type: "connect", source: "transform", target: "http" },
    );
    expect(doc.edges).toEqual([
      { source: "webhook", target: "transform" },
      { source: "transform", target: "http" },
    ]);
  });

  it("leave a dangling step for validation to show on the node", () => {
    const doc = build(
      { type: "add-trigger", component: "webhook", function: "receive", position: at },
      { type: "add-action", component: "http", function: "request", position: at },
    );
    const validation = validateFlow(doc, catalog);
    expect(validation.ok).toBe(false);
    if (!validation.ok) expect(validation.issues).toContainEqual(expect.objectContaining({ rule: "unreachable", nodeId: "http" }));
  });

  it("set and remove a mapping and a credential, update config, rename the flow", () => {
    let doc = build(
      { type: "add-trigger", component: "webhook", function: "receive", position: at },
      { type: "add-action", component: "http", function: "request", position: at, after: "webhook" },
      { type: "set-mapping", id: "http", mapping: "{}" },
      { type: "update-config", id: "http", config: { url: "http://x" } },
      { type: "rename-flow", name: "Renamed" },
    );
    expect(doc.nodes[1]).toMatchObject({ mapping: "{}", config: { url: "http://x" } });
    expect(doc.name).toBe("Renamed");
    doc = applyOperation(doc, { type: "set-mapping", id: "http", mapping: undefined }, kindOf);
    expect(doc.nodes[1]).not.toHaveProperty("mapping");
    doc = applyOperation(doc, { type: "set-credential", id: "http", credentialId: "c-1" }, kindOf);
    expect(doc.nodes[1]).toMatchObject({ credentialId: "c-1" });
    doc = applyOperation(doc, { type: "set-credential", id: "http", credentialId: undefined }, kindOf);
    expect(doc.nodes[1]).not.toHaveProperty("credentialId");
  });

  it("sets how a step runs (replicas, concurrency, memory, CPUs), refuses values out of range naming the field, and removes them", () => {
    let doc = build(
      { type: "add-trigger", component: "webhook", function: "receive", position: at },
      { type: "add-action", component: "http", function: "request", position: at, after: "webhook" },
      { type: "set-runtime", id: "http", replicas: 3, concurrency: 10, memoryMb: 512, cpus: 0.5 },
    );
    expect(doc.nodes[1]).toMatchObject({ replicas: 3, concurrency: 10, resources: { memoryMb: 512, cpus: 0.5 } });
    expect(() => applyOperation(doc, { type: "set-runtime", id: "http", replicas: 11 }, kindOf)).toThrow("replicas: a whole number from 1 to 10");
    expect(() => applyOperation(doc, { type: "set-runtime", id: "http", memoryMb: 16 }, kindOf)).toThrow("memoryMb: a whole number from 32 to 16384");
    expect(() => applyOperation(doc, { type: "set-runtime", id: "http", cpus: 0 }, kindOf)).toThrow("cpus: a number from 0.05 to 16");
    doc = applyOperation(doc, { type: "set-runtime", id: "http", replicas: 2 }, kindOf);
    expect(doc.nodes[1]).toMatchObject({ replicas: 2 });
    for (const gone of ["concurrency", "resources"]) expect(doc.nodes[1]).not.toHaveProperty(gone);
  });

  it("set flow settings key by key, keep the others, remove a key given as undefined, and drop settings left empty", () => {
    let doc = build(
      { type: "add-trigger", component: "webhook", function: "receive", position: at },
      { type: "set-schedule", schedule: { every: "5m" } },
      { type: "set-flow-settings", settings: { executions: "errors", errorFlowId: " flow-2 ", idleSeconds: 600 } },
    );
    expect(doc.settings).toEqual({ schedule: { every: "5m" }, executions: "errors", errorFlowId: "flow-2", idleSeconds: 600 });
    doc = applyOperation(doc, { type: "set-flow-settings", settings: { limits: { messages: 500 }, idleSeconds: undefined } }, kindOf);
    expect(doc.settings).toEqual({ schedule: { every: "5m" }, executions: "errors", errorFlowId: "flow-2", limits: { messages: 500 } });
    // a limit given as undefined is left out; limits with neither limit are no limits
    doc = applyOperation(doc, { type: "set-flow-settings", settings: { limits: { messages: undefined, bytes: 4096 } } }, kindOf);
    expect(doc.settings?.limits).toStrictEqual({ bytes: 4096 });
    doc = applyOperation(doc, { type: "set-flow-settings", settings: { limits: { messages: undefined, bytes: undefined }, executions: undefined, errorFlowId: undefined } }, kindOf);
    expect(doc.settings).toEqual({ schedule: { every: "5m" } });
    doc = applyOperation(doc, { type: "set-flow-settings", settings: { schedule: undefined } }, kindOf);
    expect(doc).not.toHaveProperty("settings");
    expect(validateFlow(doc, catalog).ok).toBe(true);
  });

  it("refuse a flow setting out of its schema naming it, leave the document as it was, and return it unchanged for a change that changes nothing", () => {
    const doc = build(
      { type: "add-trigger", component: "webhook", function: "receive", position: at },
      { type: "set-flow-settings", settings: { executions: "none", limits: { messages: 10, bytes: 2048 } } },
    );
    const frozen = JSON.stringify(doc);
    expect(() => applyOperation(doc, { type: "set-flow-settings", settings: { idleSeconds: 5 } }, kindOf)).toThrow("settings.idleSeconds: must be at least 10");
    expect(() => applyOperation(doc, { type: "set-flow-settings", settings: { idleSeconds: 60, limits: { bytes: 10 } } }, kindOf)).toThrow(
      "settings.limits.bytes: must be at least 1024",
    );
    expect(() => applyOperation(doc, { type: "set-flow-settings", settings: { idleSeconds: 90_000 } }, kindOf)).toThrow("settings.idleSeconds: must be at most 86400");
    expect(() => applyOperation(doc, { type: "set-flow-settings", settings: { executions: "some" as "all" } }, kindOf)).toThrow(
      'settings.executions: must be "all", "errors" or "none"',
    );
    expect(() => applyOperation(doc, { type: "set-flow-settings", settings: { errorFlowId: "  " } }, kindOf)).toThrow("settings.errorFlowId: must name a flow");
    expect(() => applyOperation(doc, { type: "set-flow-settings", settings: { retention: 3 } as never }, kindOf)).toThrow("settings.retention: not a flow setting");
    expect(JSON.stringify(doc)).toBe(frozen);
    // the same values (limits in another key order) and a removed key that was never set: nothing to undo
    expect(applyOperation(doc, { type: "set-flow-settings", settings: { executions: "none", limits: { bytes: 2048, messages: 10 }, idleSeconds: undefined } }, kindOf)).toBe(doc);
  });
});
