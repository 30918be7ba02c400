import { getWorkspace, listMemberships } from "@interflow/db";
import { z } from "zod";
import { workspaceProcedure } from "../../trpc";
import { workspaceViewSchema } from "./workspace-view";

export const listWorkspacesOutput = z.object({ workspaces: z.array(workspaceViewSchema) });

/** The workspaces the caller may switch between (a token caller has its one workspace). */
export const listWorkspacesProcedure = workspaceProcedure.output(listWorkspacesOutput).query(async ({ ctx }) => {
  if (ctx.caller.kind === "token") {
    const workspace = await getWorkspace(ctx.services.db, { workspaceId: ctx.workspaceId });
    return { workspaces: workspace ? [{ id: workspace.id, name: workspace.name, role: ctx.caller.role }] : [] };
  }
  const memberships = await listMemberships(ctx.services.db, { userId: ctx.caller.user.id });
  return { workspaces: memberships.map((m) => ({ id: m.workspaceId, name: m.workspaceName, role: m.role })) };
});
