import { workspaceCatalog } from "../../workspace-components";
import { createFlow } from "@interflow/db";
import { describeIssues, placeUnplaced, stepIdSchema, validateFlow } from "@interflow/flow";
import { z } from "zod";
import { audit } from "../../audit";
import { describeCaller } from "../../context";
import { invalidFlowError } from "../../errors";
import { editorProcedure } from "../../trpc";
import { bindCredentials } from "./credential-references";
import { validateFlowInWorkspace } from "./flow-credentials";

export const importFlowInput = z.object({
  /** a flow document as `flows.export` writes it; validated in full below */
  document: z.unknown(),
  /** step id → the id of the workspace credential it uses, instead of the credential the document names */
  bindings: z
    .record(stepIdSchema, z.string().trim().min(1, "must be a credential id"))
    .default({})
    .describe("step id → the workspace credential it uses instead of the one the document names"),
});
export const importFlowOutput = z.object({ id: z.string(), name: z.string(), version: z.number().int() });

/**
 * Stores a valid flow document as a new, stopped flow. Each step's credential is bound to one of
 * the workspace's (see bindCredentials); an invalid flow, or one whose credentials cannot all be
 * bound, is refused with all its issues.
 */
export const importFlowProcedure = editorProcedure
  .input(importFlowInput)
  .output(importFlowOutput)
  .mutation(async ({ ctx, input }) => {
    const parsed = validateFlow(input.document, await workspaceCatalog(ctx.services.db, ctx.workspaceId));
    if (!parsed.ok) throw invalidFlowError(parsed.issues, describeIssues);
    // steps written without a position laid out by their place in the flow (else all at 0,0)
    const placed = placeUnplaced(input.document, parsed.flow);
    const bound = await bindCredentials(ctx.services.db, { workspaceId: ctx.workspaceId, document: placed, bindings: input.bindings });
    const validation = await validateFlowInWorkspace(ctx.services.db, { workspaceId: ctx.workspaceId, document: bound.document });
    const issues = [...bound.issues, ...(validation.ok ? [] : validation.issues)];
    if (!validation.ok || issues.length > 0) throw invalidFlowError(issues, describeIssues);
    const flow = await createFlow(ctx.services.db, { workspaceId: ctx.workspaceId, document: validation.flow, author: describeCaller(ctx.caller) });
    await audit(ctx, "flow.import", flow.name, { flowId: flow.id, version: flow.version });
    return { id: flow.id, name: flow.name, version: flow.version };
  });
