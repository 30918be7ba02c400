import { listFlows } from "@interflow/db";
import { z } from "zod";
import { workspaceProcedure } from "../../trpc";
import { flowSummaryOf, flowSummarySchema } from "./flow-views";

export const listFlowsOutput = z.object({ flows: z.array(flowSummarySchema) });

/** The flows of the caller's workspace, oldest first. */
export const listFlowsProcedure = workspaceProcedure.output(listFlowsOutput).query(async ({ ctx }) => {
  const flows = await listFlows(ctx.services.db, { workspaceId: ctx.workspaceId });
  return { flows: flows.map((flow) => flowSummaryOf(flow, ctx.services.gatewayUrl)) };
});
