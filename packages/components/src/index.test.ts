import { validateFlow } from "@interflow/flow";
import { describe, expect, it } from "vitest";
import { builtinCatalog, builtinComponents } from "./index";

function flowWith(config: { expression: string; url: string }) {
  return {
    schema: "interflow/flow@1",
    name: "orders to sink",
    nodes: [
      { id: "hook", component: "webhook", function: "receive", config: {} },
      { id: "shape", component: "transform", function: "map", config: { expression: config.expression } },
      { id: "send", component: "http", function: "request", config: { url: config.url } },
    ],
    edges: [
      { source: "hook", target: "shape" },
      { source: "shape", target: "send" },
    ],
  };
}

describe("builtin components", () => {
  it("lists each component once with its functions in the catalog", () => {
    const names = ["webhook", "schedule", "transform", "filter", "split", "batch", "delay", "csv", "xml", "http", "postgres", "mysql", "email", "imap", "mqtt"];
    expect(builtinComponents.map((c) => c.name)).toEqual(names);
    expect(Object.keys(builtinCatalog)).toEqual(names);
    expect(builtinCatalog.schedule?.functions.tick?.kind).toBe("trigger");
    // the flow document contract's names: filter/keep, split/items, batch/collect, delay/wait, schedule/tick
    expect(Object.keys(builtinCatalog.transform?.functions ?? {})).toEqual(["map"]);
    expect(Object.keys(builtinCatalog.schedule?.functions ?? {})).toEqual(["tick"]);
    for (const [component, fn] of [["filter", "keep"], ["split", "items"], ["batch", "collect"], ["delay", "wait"]] as const) {
      expect(Object.keys(builtinCatalog[component]?.functions ?? {}), component).toEqual([fn]);
      expect(builtinCatalog[component]?.functions[fn]?.kind).toBe("action");
    }
    expect(builtinCatalog.webhook?.functions.receive?.kind).toBe("trigger");
    expect(builtinCatalog.transform?.functions.map?.kind).toBe("action");
    expect(builtinCatalog.http?.functions.request?.kind).toBe("action");
    expect(builtinCatalog.http?.functions.poll?.kind).toBe("trigger");
    expect(Object.keys(builtinCatalog.postgres?.functions ?? {})).toEqual(["new-or-updated-rows", "upsert", "query"]);
    expect(Object.keys(builtinCatalog.csv?.functions ?? {})).toEqual(["parse", "write"]);
    expect(Object.keys(builtinCatalog.xml?.functions ?? {})).toEqual(["to-json", "from-json"]);
  });

  it("accepts a webhook → transform → http flow", () => {
    const result = validateFlow(flowWith({ expression: "{ 'id': id }", url: "http://127.0.0.1:9/sink" }), builtinCatalog);
    expect(result.ok).toBe(true);
  });

  it("refuses an invalid expression and a non-http url when the flow is saved", () => {
    const result = validateFlow(flowWith({ expression: "{ 'id': ", url: "ftp://example.test" }), builtinCatalog);
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues.map((i) => [i.rule, i.path])).toEqual([
      ["invalid-config", "nodes[1].config.expression"],
      ["invalid-config", "nodes[2].config.url"],
    ]);
    expect(issues[0]?.message).toMatch(/^node "shape": nodes\[1\]\.config\.expression: invalid JSONata expression: /);
  });
});
