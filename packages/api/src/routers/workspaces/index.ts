import { router } from "../../trpc";
import { listWorkspacesProcedure } from "./list";
import { createWorkspaceProcedure, getWorkspaceProcedure, updateWorkspaceProcedure } from "./settings";

export const workspacesRouter = router({
  list: listWorkspacesProcedure,
  get: getWorkspaceProcedure,
  create: createWorkspaceProcedure,
  update: updateWorkspaceProcedure,
});
