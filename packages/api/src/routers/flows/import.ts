import { builtinCatalog } from "@interflow/components";
import { createFlow } from "@interflow/db";
import { describeIssues, validateFlow } from "@interflow/flow";
import { z } from "zod";
import { invalidFlowError } from "../../errors";
import { audit } from "../../audit";
import { describeCaller } from "../../context";
import { editorProcedure } from "../../trpc";

export const importFlowInput = z.object({
  /** a flow document as `flows.export` writes it; validated in full below */
  document: z.unknown(),
});
export const importFlowOutput = z.object({ id: z.string(), name: z.string(), version: z.number().int() });

/** Stores a valid flow document as a new, stopped flow; an invalid one is refused with all its issues. */
export const importFlowProcedure = editorProcedure
  .input(importFlowInput)
  .output(importFlowOutput)
  .mutation(async ({ ctx, input }) => {
    const validation = validateFlow(input.document, builtinCatalog);
    if (!validation.ok) throw invalidFlowError(validation.issues, describeIssues);
    const flow = await createFlow(ctx.services.db, { workspaceId: ctx.workspaceId, document: validation.flow, author: describeCaller(ctx.caller) });
    await audit(ctx, "flow.import", flow.name, { flowId: flow.id, version: flow.version });
    return { id: flow.id, name: flow.name, version: flow.version };
  });
