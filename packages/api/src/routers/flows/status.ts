import { countFailedMessages, listTransitions } from "@interflow/db";
import { readFlowActivity } from "@interflow/queue";
import { z } from "zod";
import { workspaceProcedure } from "../../trpc";
import { flowHealthOf, flowHealthShape } from "./flow-health";
import { flowIdInput, flowSummaryOf, flowSummarySchema } from "./flow-views";
import { requireFlow } from "./require-flow";
import { readStepRunners, stepRunnersShape } from "./step-runners";
import { transitionSchema, transitionViewOf } from "./transition-view";

export const flowStatusOutput = flowSummarySchema.extend({
  steps: z.array(z.object({ id: z.string(), component: z.string(), function: z.string(), ...stepRunnersShape })),
  lastTransition: transitionSchema.nullable(),
  /** webhook requests the gateways refused because the sender did not authenticate (401), all time; null: the flow takes no webhooks */
  webhookRefused: z.number().int().nullable(),
  ...flowHealthShape,
});

/** Where the flow is and why: its state and health, its steps and the last transition with its cause. */
export const flowStatusProcedure = workspaceProcedure
  .input(flowIdInput)
  .output(flowStatusOutput)
  .query(async ({ ctx, input }) => {
    const flow = await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    const [last] = await listTransitions(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: flow.id, limit: 1 });
    const stepIds = flow.document.nodes.map((n) => n.id);
    const [runnersOf, activity, failed] = await Promise.all([
      readStepRunners(ctx.services.redis, flow.id),
      readFlowActivity(ctx.services.redis, flow.id, stepIds),
      countFailedMessages(ctx.services.db, { flowIds: [flow.id] }),
    ]);
    const summary = flowSummaryOf(flow, ctx.services.gatewayUrl);
    return {
      ...summary,
      webhookRefused: summary.webhookUrl ? activity.webhookRefused : null,
      steps: flow.document.nodes.map((node) => ({ id: node.id, component: node.component, function: node.function, ...runnersOf(node.id, node.replicas) })),
      lastTransition: last ? transitionViewOf(last) : null,
      ...flowHealthOf(flow, activity.steps, failed.get(flow.id) ?? 0),
    };
  });
