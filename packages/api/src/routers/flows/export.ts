import { flowDocumentSchema } from "@interflow/flow";
import { z } from "zod";
import { workspaceProcedure } from "../../trpc";
import { nameCredentials } from "./credential-references";
import { flowIdInput } from "./flow-views";
import { requireFlow } from "./require-flow";

export const exportFlowOutput = z.object({ document: flowDocumentSchema });

/**
 * The current version's document, ready for `flows.import` elsewhere: each step's credential is
 * named (name and component), never by id, and no secret is in it.
 */
export const exportFlowProcedure = workspaceProcedure
  .input(flowIdInput)
  .output(exportFlowOutput)
  .query(async ({ ctx, input }) => {
    const flow = await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    return { document: await nameCredentials(ctx.services.db, { workspaceId: ctx.workspaceId, document: flow.document }) };
  });
