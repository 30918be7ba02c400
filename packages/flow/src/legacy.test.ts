import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ComponentCatalog } from "./catalog";
import { flowTestSchema } from "./flow-tests";
import { upgradeDocument, upgradeStep } from "./legacy";
import { validateFlow } from "./validate";

const catalog: ComponentCatalog = {
  webhook: { functions: { receive: { kind: "trigger" } } },
  filter: { functions: { keep: { kind: "action" } } },
  batch: { functions: { collect: { kind: "action", config: z.object({ size: z.number(), maxWaitSeconds: z.number(), body: z.enum(["items", "list"]) }).strict() } } },
};

describe("documents written with the built-ins' old names", () => {
  it("are read under the contract's names, doing what they did (transform/batch's seconds as maxWaitSeconds, its bare list kept)", () => {
    const validation = validateFlow(
      {
        schema: "interflow/flow@1",
        name: "Old",
        nodes: [
          { id: "hook", component: "webhook", function: "receive" },
          { id: "paid", component: "transform", function: "filter", config: {} },
          { id: "bulk", component: "transform", function: "batch", config: { size: 5, seconds: 30 } },
        ],
        edges: [
          { source: "hook", target: "paid" },
          { source: "paid", target: "bulk" },
        ],
      },
      catalog,
    );
    expect(validation.ok && validation.flow.nodes.map((n) => [n.component, n.function, n.config])).toEqual([
      ["webhook", "receive", {}],
      ["filter", "keep", {}],
      ["batch", "collect", { body: "list", size: 5, maxWaitSeconds: 30 }],
    ]);
  });

  it("leave a step of the current names, and a document without renamed steps, as they are", () => {
    const step = { id: "s", component: "transform", function: "map", config: { expression: "$" } };
    expect(upgradeStep(step)).toBe(step);
    const document = { nodes: [step] };
    expect(upgradeDocument(document)).toBe(document);
    expect(upgradeStep({ component: "schedule", function: "delay", config: { seconds: 4 } })).toEqual({ component: "delay", function: "wait", config: { seconds: 4 } });
    // a Wait that named a time without saying how waited for its seconds: it still does
    expect(upgradeStep({ component: "schedule", function: "delay", config: { seconds: 4, until: "due" } }).config).toEqual({ seconds: 4, until: "due", wait: "for" });
    expect(upgradeStep({ component: "schedule", function: "delay", config: { wait: "until", until: "due" } }).config).toEqual({ wait: "until", until: "due" });
  });
});

describe("a test case's expectation of a step", () => {
  const parse = (expect: unknown) => flowTestSchema.parse({ name: "c", input: {}, expect: { s: expect } }).expect.s;
  it("is an expectation when it holds only runs, input, output or assert", () => {
    expect(parse({ assert: "output.ok" })).toEqual({ assert: "output.ok" });
    expect(parse({ runs: 0 })).toEqual({ runs: 0 });
  });
  it("is the JSON the step must emit otherwise", () => {
    expect(parse({ items: [1, 2] })).toEqual({ output: { items: [1, 2] } });
    expect(parse([1])).toEqual({ output: [1] });
    expect(parse("text")).toEqual({ output: "text" });
    expect(parse({})).toEqual({ output: {} });
    expect(parse(null)).toEqual({ output: null });
  });
});
