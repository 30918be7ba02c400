import { describe, expect, it } from "vitest";
import { placeUnplaced } from "./layout";

describe("steps written without a position", () => {
  it("are laid out by their distance from the trigger, a column each, side branches one under the other; placed steps stay", () => {
    const written = {
      nodes: [{ id: "hook" }, { id: "a" }, { id: "b" }, { id: "c", position: { x: 5, y: 5 } }, { id: "d" }],
    };
    const document = {
      schema: "interflow/flow@1" as const,
      name: "n",
      type: "ordinary" as const,
      nodes: written.nodes.map((n) => ({ id: n.id, component: "x", function: "y", config: {}, position: n.position ?? { x: 0, y: 0 } })),
      edges: [
        { source: "hook", target: "a" },
        { source: "hook", target: "b" },
        { source: "a", target: "c" },
        { source: "c", target: "d" },
      ],
    };
    const placed = Object.fromEntries(placeUnplaced(written, document).nodes.map((n) => [n.id, n.position]));
    expect(placed).toEqual({ hook: { x: 0, y: 0 }, a: { x: 320, y: -80 }, b: { x: 320, y: 80 }, c: { x: 5, y: 5 }, d: { x: 960, y: 0 } });
    // all placed: the document as it was
    expect(placeUnplaced({ nodes: [{ id: "hook", position: { x: 1, y: 2 } }] }, document)).toBe(document);
  });
});
