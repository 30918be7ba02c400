import { AppError, AppErrorCode } from "@interflow/flow";
import { initTRPC } from "@trpc/server";
import type { Context } from "./context";
import { errorData, toTRPCError } from "./errors";

const t = initTRPC.context<Context>().create({
  errorFormatter: ({ shape, error }) => ({ ...shape, data: { ...shape.data, ...errorData(error) } }),
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Every procedure's errors pass through here once, on their way to the caller. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

export const publicProcedure = t.procedure.use(mapErrors);

/** Any member of a workspace (or its token): the procedure sees only that workspace (`ctx.workspaceId`). */
export const workspaceProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.caller) throw new AppError(AppErrorCode.Unauthorized, ctx.refusal ?? "sign in first");
  return next({ ctx: { workspaceId: ctx.caller.workspaceId, caller: ctx.caller } });
});

/** Owners and editors: every procedure that changes a flow. Viewers only look. */
export const editorProcedure = workspaceProcedure.use(({ ctx, next }) => {
  if (ctx.caller.role === "viewer") throw new AppError(AppErrorCode.Forbidden, "viewers cannot change flows");
  return next();
});
