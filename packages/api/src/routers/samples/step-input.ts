import { AppError, AppErrorCode, type FlowNode, flowEdgeSchema, flowNodeSchema, type StepSamples } from "@interflow/flow";
import { z } from "zod";

/** Enough of a draft to find a step and the steps before it; the rest may still be unfinished. */
const draftGraphSchema = z.object({
  nodes: z.array(z.unknown()),
  edges: z.array(flowEdgeSchema).default([]),
});

export interface StepInput {
  node: FlowNode;
  /** the one step before it, whose sample is the incoming message */
  previousStepId: string;
  incoming: { body: unknown; headers: Record<string, unknown> };
  /** the samples' bodies of every step before it, by step id (`$steps` of the mapping) */
  steps: Record<string, unknown>;
}

const bad = (message: string) => new AppError(AppErrorCode.BadRequest, message);

/**
 * What a step of a draft receives when it runs on the samples of the steps before it, as a runner
 * would give it: the previous step's sample as the message, the earlier steps' bodies as `$steps`.
 */
export function stepInputOf(p: { document: unknown; stepId: string; samples: StepSamples }): StepInput {
  const graph = draftGraphSchema.safeParse(p.document);
  if (!graph.success) throw bad(`document: not a flow document (${graph.error.issues[0]?.message ?? "invalid"})`);
  const raw = graph.data.nodes.find((n) => (n as { id?: unknown } | null)?.id === p.stepId);
  if (raw === undefined) throw bad(`stepId: the draft has no step "${p.stepId}"`);
  const node = flowNodeSchema.safeParse(raw);
  if (!node.success) {
    throw bad(node.error.issues.map((i) => `step "${p.stepId}": ${i.path.join(".") || "node"}: ${i.message}`).join("; "));
  }
  const before = (id: string) => graph.data.edges.filter((edge) => edge.target === id).map((edge) => edge.source);
  const previous = before(p.stepId);
  if (previous.length === 0) throw bad(`stepId: step "${p.stepId}" has no step before it: connect it to the step whose sample it should run on`);
  if (previous.length > 1) throw bad(`stepId: step "${p.stepId}" has ${previous.length} steps before it; joins are not supported`);
  const previousStepId = previous[0] as string;
  const sample = p.samples[previousStepId];
  if (!sample) throw bad(`samples.${previousStepId}: the step before ("${previousStepId}") has no sample yet: retrieve its sample first`);

  const steps: Record<string, unknown> = {};
  for (let id: string | undefined = previousStepId; id !== undefined && !(id in steps) && id !== p.stepId; id = before(id)[0]) {
    steps[id] = p.samples[id]?.body ?? null;
  }
  return { node: node.data, previousStepId, incoming: { body: sample.body, headers: sample.headers }, steps };
}
