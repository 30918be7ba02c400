import { describe, expect, it } from "vitest";
import { diffFlowDocuments } from "./diff";
import type { FlowDocument } from "./document";

const base: FlowDocument = {
  schema: "interflow/flow@1",
  name: "Orders",
  type: "ordinary",
  nodes: [
    { id: "hook", component: "webhook", function: "receive", config: {}, position: { x: 0, y: 0 } },
    { id: "shape", component: "transform", function: "map", config: { expression: "{ 'id': id, 'n': 1 }" }, position: { x: 200, y: 0 } },
    { id: "send", component: "http", function: "request", config: { url: "http://a.test", method: "POST" }, position: { x: 400, y: 0 } },
  ],
  edges: [
    { source: "hook", target: "shape" },
    { source: "shape", target: "send" },
  ],
};

describe("diffFlowDocuments", () => {
  it("finds nothing between a document and itself with keys in another order and nodes moved", () => {
    const reordered: FlowDocument = {
      ...base,
      nodes: base.nodes.map((n) => ({ ...n, config: Object.fromEntries(Object.entries(n.config).reverse()), position: { x: n.position.x + 10, y: 5 } })),
    };
    const diff = diffFlowDocuments(base, reordered);
    expect(diff.same).toBe(true);
    expect(diff.nodes.moved).toEqual(["hook", "shape", "send"]);
    expect(diff.nodes.changed).toEqual([]);
  });

  it("names added, removed and changed steps and edges, and the renamed flow and its settings", () => {
    const next: FlowDocument = {
      ...base,
      name: "Orders v2",
      settings: { idleSeconds: 30 },
      nodes: [
        base.nodes[0],
        { ...base.nodes[1], mapping: "$", config: { expression: "{ 'id': id }" } },
        { id: "log", component: "http", function: "request", config: { url: "http://log.test" }, position: { x: 400, y: 200 } },
      ] as FlowDocument["nodes"],
      edges: [
        { source: "hook", target: "shape" },
        { source: "shape", target: "log" },
      ],
    };
    expect(diffFlowDocuments(base, next)).toEqual({
      name: { from: "Orders", to: "Orders v2" },
      settings: { from: null, to: { idleSeconds: 30 } },
      nodes: { added: ["log"], removed: ["send"], changed: [{ id: "shape", parts: ["config", "mapping"] }], moved: [] },
      edges: { added: ["shape → log"], removed: ["shape → send"] },
      same: false,
    });
  });
});
