import { listTransitions } from "@interflow/db";
import { z } from "zod";
import { workspaceProcedure } from "../../trpc";
import { flowIdInput } from "./flow-views";
import { transitionSchema, transitionViewOf } from "./transition-view";

export const flowTransitionsInput = flowIdInput.extend({
  limit: z.number().int().min(1, "must be at least 1").max(500, "must be at most 500").optional(),
});
export const flowTransitionsOutput = z.object({ transitions: z.array(transitionSchema) });

/** The flow's state history, newest first, each with its cause. */
export const flowTransitionsProcedure = workspaceProcedure
  .input(flowTransitionsInput)
  .output(flowTransitionsOutput)
  .query(async ({ ctx, input }) => {
    const transitions = await listTransitions(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id, limit: input.limit });
    return { transitions: transitions.map(transitionViewOf) };
  });
