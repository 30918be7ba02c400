import { WORKSPACE_ROLES } from "@interflow/db";
import { z } from "zod";

/** A workspace as its member sees it: with their role in it. */
export const workspaceViewSchema = z.object({ id: z.string(), name: z.string(), role: z.enum(WORKSPACE_ROLES) });
export type WorkspaceView = z.infer<typeof workspaceViewSchema>;
