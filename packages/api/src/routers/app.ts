import { router } from "../trpc";
import { flowsRouter } from "./flows";
import { meRouter } from "./me";
import { workspacesRouter } from "./workspaces";

export const appRouter = router({
  flows: flowsRouter,
  workspaces: workspacesRouter,
  me: meRouter,
});
export type AppRouter = typeof appRouter;
