import { router } from "../trpc";
import { flowsRouter } from "./flows";

export const appRouter = router({
  flows: flowsRouter,
});
export type AppRouter = typeof appRouter;
