import { router } from "../trpc";
import { auditRouter } from "./audit";
import { componentsRouter } from "./components";
import { credentialsRouter } from "./credentials";
import { executionsRouter } from "./executions";
import { flowsRouter } from "./flows";
import { invitationsRouter } from "./invitations";
import { meRouter } from "./me";
import { membersRouter } from "./members";
import { samplesRouter } from "./samples";
import { tokensRouter } from "./tokens";
import { workspacesRouter } from "./workspaces";

export const appRouter = router({
  flows: flowsRouter,
  executions: executionsRouter,
  workspaces: workspacesRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  tokens: tokensRouter,
  audit: auditRouter,
  components: componentsRouter,
  credentials: credentialsRouter,
  samples: samplesRouter,
  me: meRouter,
});
export type AppRouter = typeof appRouter;
