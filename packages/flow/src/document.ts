import { z } from "zod";
import { flowTestSchema, MAX_FLOW_TESTS } from "./flow-tests";
import { scheduleSchema } from "./schedule";

/** Identifier of a step inside one flow: used in queue names and in `$steps.<id>` of mappings. */
export const stepIdSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "must start with a letter and hold only letters, digits, _ or - (max 64)");

/**
 * A credential named rather than chosen: what `flows.export` writes instead of a `credentialId`
 * (ids mean nothing in another workspace, and an export carries no secret). `flows.import` binds
 * it to the importing workspace's credential of that name and component.
 */
export const credentialReferenceSchema = z.object({
  name: z.string().trim().min(1, "must name a credential"),
  component: z.string().min(1, "must name the credential's component"),
});
export type CredentialReference = z.infer<typeof credentialReferenceSchema>;

export const flowNodeSchema = z.object({
  id: stepIdSchema,
  component: z.string().min(1, "must name a component"),
  function: z.string().min(1, "must name a function of the component"),
  config: z.record(z.string(), z.unknown()).default({}),
  mapping: z.string().optional(),
  /** the workspace credential the step uses (how flows store it) */
  credentialId: z.string().optional(),
  /** in an exported document: the credential by name, bound to one on import */
  credential: credentialReferenceSchema.optional(),
  /** instances of the step running side by side, sharing its queue (default 1) */
  replicas: z.number().int().min(1, "must be at least 1").max(10, "at most 10").optional(),
  /** messages each replica works on at once (prefetch; default: the platform's, 50) */
  concurrency: z.number().int().min(1, "must be at least 1").max(1000, "at most 1000").optional(),
  /** what each replica may use, in a container runtime (default 256 MiB, 1 CPU) */
  resources: z
    .object({
      memoryMb: z.number().int().min(32, "must be at least 32 (MiB)").max(16_384, "at most 16384 (MiB)").optional(),
      cpus: z.number().min(0.05, "must be at least 0.05").max(16, "at most 16").optional(),
    })
    .optional(),
  /**
   * where the step's messages go when its connections carry conditions: along every connection
   * whose condition holds ("all", the default) or only the first in the document's order ("first")
   */
  routing: z.enum(["all", "first"], { error: 'must be "all" or "first"' }).optional(),
  position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
});

export const flowEdgeSchema = z.object({
  source: stepIdSchema,
  target: stepIdSchema,
  /**
   * JSONata over the message the source step emits (its body; `$headers`, `$steps` bound): the
   * message goes along this connection only when it holds (JSONata's truth: `$boolean`)
   */
  condition: z.string().trim().min(1, "must not be empty; remove the condition to send every message").max(10_000, "at most 10000 characters").optional(),
  /** the connection a message takes when no other connection of its step took it */
  otherwise: z.literal(true, { error: "must be true, or left out" }).optional(),
});

export const FLOW_SCHEMA_ID = "interflow/flow@1";

/** Per-flow settings; anything unset falls back to the workspace's (then the platform's) default. */
export const flowSettingsSchema = z.object({
  limits: z
    .object({
      /** most messages one step queue may hold */
      messages: z.number().int().min(1, "must be at least 1").optional(),
      /** most bytes of message bodies one step queue may hold */
      bytes: z.number().int().min(1024, "must be at least 1024").optional(),
    })
    .optional(),
  /** when a polling trigger runs (default every 3 minutes); a webhook trigger has none */
  schedule: scheduleSchema.optional(),
  /** an ordinary flow whose queues stay empty this long goes to sleep */
  idleSeconds: z.number().int().min(10, "must be at least 10").max(86_400).optional(),
  /**
   * what is kept of its executions: every step's input and output ("all", the default), only
   * executions where a try failed, with that try's input and error ("errors"), or none ("none");
   * failed messages are kept always
   */
  executions: z.enum(["all", "errors", "none"], { error: 'must be "all", "errors" or "none"' }).optional(),
  /**
   * webhooks it takes a second, from everyone together and from one sender (by address), with the
   * bursts above that; over them a request gets 429 with Retry-After (the sender keeps it)
   */
  webhookRate: z
    .object({
      perSecond: z.number().positive("must be more than 0").max(100_000, "at most 100,000").optional(),
      burst: z.number().int().min(1, "must be at least 1").max(1_000_000).optional(),
      perSenderPerSecond: z.number().positive("must be more than 0").max(100_000, "at most 100,000").optional(),
      senderBurst: z.number().int().min(1, "must be at least 1").max(1_000_000).optional(),
    })
    .optional(),
  /** a flow of the same workspace that gets a message for each failed message of this one */
  errorFlowId: z.string().trim().min(1, "must name a flow").max(100).optional(),
});
export type FlowSettings = z.infer<typeof flowSettingsSchema>;

export const flowDocumentSchema = z.object({
  schema: z.literal(FLOW_SCHEMA_ID, { error: `must be "${FLOW_SCHEMA_ID}"` }),
  name: z.string().trim().min(1, "must not be empty").max(200),
  type: z.enum(["ordinary", "realtime"]).default("ordinary"),
  nodes: z.array(flowNodeSchema).min(1, "a flow needs at least its trigger"),
  edges: z.array(flowEdgeSchema).default([]),
  settings: flowSettingsSchema.optional(),
  /** test cases kept with the flow (`interflow flow test`, the designer's Tests) */
  tests: z.array(flowTestSchema).max(MAX_FLOW_TESTS, `at most ${MAX_FLOW_TESTS} test cases`).optional(),
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
