import { z } from "zod";

/** Identifier of a step inside one flow: used in queue names and in `$steps.<id>` of mappings. */
export const stepIdSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "must start with a letter and hold only letters, digits, _ or - (max 64)");

export const flowNodeSchema = z.object({
  id: stepIdSchema,
  component: z.string().min(1, "must name a component"),
  function: z.string().min(1, "must name a function of the component"),
  config: z.record(z.string(), z.unknown()).default({}),
  mapping: z.string().optional(),
  credentialId: z.string().optional(),
  replicas: z.number().int().min(1).max(10).optional(),
  position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
});

export const flowEdgeSchema = z.object({
  source: stepIdSchema,
  target: stepIdSchema,
});

export const FLOW_SCHEMA_ID = "interflow/flow@1";

export const flowDocumentSchema = z.object({
  schema: z.literal(FLOW_SCHEMA_ID, { error: `must be "${FLOW_SCHEMA_ID}"` }),
  name: z.string().trim().min(1, "must not be empty").max(200),
  type: z.enum(["ordinary", "realtime"]).default("ordinary"),
  nodes: z.array(flowNodeSchema).min(1, "a flow needs at least its trigger"),
  edges: z.array(flowEdgeSchema).default([]),
});

export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type FlowDocument = z.infer<typeof flowDocumentSchema>;
export type FlowDocumentInput = z.input<typeof flowDocumentSchema>;

/** The trigger of a (valid) flow: the one node no edge leads into. */
export function triggerNodeOf(document: Pick<FlowDocument, "nodes" | "edges">): FlowNode | undefined {
  const targets = new Set(document.edges.map((edge) => edge.target));
  return document.nodes.find((node) => !targets.has(node.id));
}
