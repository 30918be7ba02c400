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

const publicProcedure = t.procedure.use(mapErrors);

/** Requires a valid token; the procedure then sees only the caller's workspace (`ctx.workspaceId`). */
export const workspaceProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.caller) {
    throw new AppError(
      AppErrorCode.Unauthorized,
      ctx.tokenPresented
        ? "the API token is unknown, revoked or expired"
        : "an API token is required: send `Authorization: Bearer <token>` or sign in",
    );
  }
  return next({ ctx: { workspaceId: ctx.caller.workspaceId, caller: ctx.caller } });
});
