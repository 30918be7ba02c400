import { router } from "../../trpc";
import { listWorkspacesProcedure } from "./list";

export const workspacesRouter = router({
  list: listWorkspacesProcedure,
});
