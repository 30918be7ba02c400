import type { FlowDocument } from "@interflow/flow";
import { DEFAULT_QUEUE_LIMITS } from "@interflow/queue";
import { describe, expect, it } from "vitest";
import { buildDeployment, queueLimitsOf, routeOf } from "./deployment";

function flowWith(limits?: { messages?: number; bytes?: number }): FlowDocument {
  return {
    schema: "interflow/flow@1",
    name: "limits",
    type: "ordinary",
    nodes: [{ id: "hook", component: "webhook", function: "receive", config: {}, position: { x: 0, y: 0 } }],
    edges: [],
    ...(limits ? { settings: { limits } } : {}),
  };
}

describe("queue limits of a flow", () => {
  it("take the flow's own setting, else the workspace's, else the platform default, per field", () => {
    const unset = { messages: null, bytes: null };
    expect(queueLimitsOf({ document: flowWith(), workspaceLimits: unset })).toEqual(DEFAULT_QUEUE_LIMITS);
    expect(queueLimitsOf({ document: flowWith(), workspaceLimits: { messages: 500, bytes: null } })).toEqual({
      messages: 500,
      bytes: DEFAULT_QUEUE_LIMITS.bytes,
    });
    expect(queueLimitsOf({ document: flowWith({ bytes: 2_000_000 }), workspaceLimits: { messages: 500, bytes: 9_000_000 } })).toEqual({
      messages: 500,
      bytes: 2_000_000,
    });
    expect(queueLimitsOf({ document: flowWith({ messages: 7 }), workspaceLimits: { messages: 500, bytes: null } }).messages).toBe(7);
  });
});

describe("a flow's deployment", () => {
  it("carries a step's connections with their conditions and routing only when they decide", () => {
    const node = (id: string, extra: object = {}) => ({ id, component: "http", function: "request", config: {}, position: { x: 0, y: 0 }, ...extra });
    const document: FlowDocument = {
      schema: "interflow/flow@1",
      name: "routes",
      type: "ordinary",
      nodes: [node("hook", { component: "webhook", function: "receive", routing: "first" }), node("big"), node("rest"), node("log")],
      edges: [
        { source: "hook", target: "big", condition: "total > 1000" },
        { source: "hook", target: "rest", otherwise: true },
        { source: "big", target: "log" },
      ],
    };
    const { steps } = buildDeployment({ id: "f1", workspaceId: "w1", version: 3, type: "ordinary", document });
    expect(steps.hook?.next).toEqual(["big", "rest"]);
    expect(steps.hook?.routes).toEqual({ routing: "first", connections: [{ target: "big", condition: "total > 1000" }, { target: "rest", otherwise: true }] });
    expect(steps.big?.next).toEqual(["log"]);
    expect(steps.big?.routes).toBeUndefined();
  });
});

describe("a flow's route", () => {
  const node = (id: string, extra: object = {}) => ({ id, component: "http", function: "request", config: {}, position: { x: 0, y: 0 }, ...extra });
  const routeFor = (trigger: object, edges: FlowDocument["edges"], settings?: FlowDocument["settings"]) => {
    const document: FlowDocument = {
      schema: "interflow/flow@1",
      name: "entry",
      type: "ordinary",
      nodes: [node("hook", { component: "webhook", function: "receive", ...trigger }), node("a"), node("b")],
      edges,
      ...(settings ? { settings } : {}),
    };
    return routeOf(buildDeployment({ id: "f1", workspaceId: "w1", version: 2, type: "ordinary", document }), DEFAULT_QUEUE_LIMITS);
  };

  it("lets the gateway hand webhooks straight to the next steps when the trigger only passes them on", () => {
    expect(routeFor({}, [{ source: "hook", target: "a" }, { source: "hook", target: "b" }]).entry).toEqual({ next: ["a", "b"], executions: "all" });
    expect(routeFor({}, [{ source: "hook", target: "a" }], { executions: "errors" }).entry).toEqual({ next: ["a"], executions: "errors" });
  });

  it("leaves a trigger that maps, decides or has nowhere to go to its runner", () => {
    expect(routeFor({ mapping: "{ 'id': id }" }, [{ source: "hook", target: "a" }]).entry).toBeUndefined();
    expect(routeFor({}, [{ source: "hook", target: "a", condition: "total > 5" }, { source: "hook", target: "b", otherwise: true }]).entry).toBeUndefined();
    expect(routeFor({}, []).entry).toBeUndefined();
  });
});
