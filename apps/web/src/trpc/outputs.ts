import type { AppRouter } from "@interflow/api";
import type { inferRouterOutputs } from "@trpc/server";

/** What each procedure answers, as the browser receives it (dates as ISO strings). */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
