import type { FlowDocument } from "@interflow/flow";

/** A valid two-step flow: webhook trigger → transform. */
export function webhookFlowDocument(name = "Orders to CRM"): FlowDocument {
  return {
    schema: "interflow/flow@1",
    name,
    type: "ordinary",
    nodes: [
      { id: "hook", component: "webhook", function: "receive", config: {}, position: { x: 0, y: 0 } },
      { id: "shape", component: "transform", function: "map", config: { expression: "{ 'id': order.id }" }, position: { x: 200, y: 0 } },
    ],
    edges: [{ source: "hook", target: "shape" }],
  };
}
