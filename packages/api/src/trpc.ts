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

// Who may call what is decided here and nowhere else: each procedure is built on one of these.

/** Anyone: only what a fresh installation or an invitation link needs before signing in. */
export const publicProcedure = t.procedure.use(mapErrors);

/** A signed-in person, whether or not they belong to a workspace yet (accepting an invitation). */
export const personProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.person || ctx.caller?.kind === "token") {
    throw new AppError(AppErrorCode.Unauthorized, ctx.person ? "sign in to the web app for this; an API token cannot do it" : (ctx.refusal ?? "sign in first"));
  }
  return next({ ctx: { person: ctx.person } });
});

/** Any member of a workspace (or a token of it): the procedure sees only that workspace (`ctx.workspaceId`). */
export const workspaceProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.caller) {
    // a signed-in person outside the workspace is known but not allowed; anyone else is unknown
    throw new AppError(ctx.person ? AppErrorCode.Forbidden : AppErrorCode.Unauthorized, ctx.refusal ?? "sign in first");
  }
  return next({ ctx: { workspaceId: ctx.caller.workspaceId, caller: ctx.caller } });
});

/** Owners and editors: every procedure that changes a flow. Viewers only look. */
export const editorProcedure = workspaceProcedure.use(({ ctx, next }) => {
  if (ctx.caller.role === "viewer") throw new AppError(AppErrorCode.Forbidden, "viewers cannot change anything in a workspace: ask an owner for the editor role");
  return next();
});

/** Owners: members, invitations, the workspace's settings, the audit trail. */
export const ownerProcedure = workspaceProcedure.use(({ ctx, next }) => {
  if (ctx.caller.role !== "owner") throw new AppError(AppErrorCode.Forbidden, `only owners can do this; you are ${ctx.caller.role === "editor" ? "an editor" : "a viewer"} here`);
  return next();
});
