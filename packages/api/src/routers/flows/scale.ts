import { AppError, AppErrorCode } from "@interflow/flow";
import { sendControlCommand } from "@interflow/queue";
import { z } from "zod";
import { audit } from "../../audit";
import { describeCaller } from "../../context";
import { editorProcedure } from "../../trpc";
import { flowIdInput, flowStateSchema } from "./flow-views";
import { requireFlow } from "./require-flow";

export const scaleFlowInput = flowIdInput.extend({
  stepId: z.string().min(1, "stepId: name the step to scale"),
  replicas: z.number({ error: "replicas: a whole number from 1 to 10" }).int("replicas: a whole number from 1 to 10").min(1, "replicas: at least 1").max(10, "replicas: at most 10"),
});

/**
 * Runs a step of a running (or sleeping) flow as `replicas` instances from now on, without
 * stopping the others; the count holds until the flow stops. A stopped flow takes its counts from
 * its document (the step's replicas), set in the designer.
 */
export const scaleFlowProcedure = editorProcedure
  .input(scaleFlowInput)
  .output(z.object({ id: z.string(), stepId: z.string(), replicas: z.number(), state: flowStateSchema }))
  .mutation(async ({ ctx, input }) => {
    const flow = await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    const stepIds = flow.document.nodes.map((n) => n.id);
    if (!stepIds.includes(input.stepId)) throw new AppError(AppErrorCode.BadRequest, `stepId: flow "${flow.name}" has no step "${input.stepId}" (its steps: ${stepIds.join(", ")})`);
    if (flow.state !== "running" && flow.state !== "sleeping") {
      throw new AppError(AppErrorCode.Conflict, `flow "${flow.name}" is ${flow.state}: scaling changes a running flow; set the step's replicas in the designer for its next start`);
    }
    await sendControlCommand(ctx.services.controlQueue, {
      type: "scale",
      flowId: flow.id,
      workspaceId: ctx.workspaceId,
      cause: `${input.stepId} scaled to ${input.replicas} by ${describeCaller(ctx.caller)}`,
      scale: { stepId: input.stepId, replicas: input.replicas },
    });
    await audit(ctx, "flow.scale", flow.name, { flowId: flow.id, stepId: input.stepId, replicas: input.replicas });
    return { id: flow.id, stepId: input.stepId, replicas: input.replicas, state: flow.state };
  });
