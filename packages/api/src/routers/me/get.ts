import { getWorkspace } from "@interflow/db";
import { AppError, AppErrorCode } from "@interflow/flow";
import { z } from "zod";
import { workspaceProcedure } from "../../trpc";
import { workspaceViewSchema } from "../workspaces/workspace-view";

export const getMeOutput = z.object({
  /** null for the installation's admin token */
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }).nullable(),
  workspace: workspaceViewSchema,
});

/** Who is calling and in which workspace, with their role there (the web app's header). */
export const getMeProcedure = workspaceProcedure.output(getMeOutput).query(async ({ ctx }) => {
  const workspace = await getWorkspace(ctx.services.db, { workspaceId: ctx.workspaceId });
  if (!workspace) throw new AppError(AppErrorCode.NotFound, `workspace ${ctx.workspaceId} not found`);
  return {
    user: ctx.caller.user,
    workspace: { id: workspace.id, name: workspace.name, role: ctx.caller.role },
  };
});
