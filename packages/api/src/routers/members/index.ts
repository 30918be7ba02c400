import { listMembers, removeMember, setMemberRole, WORKSPACE_ROLES } from "@interflow/db";
import { AppError, AppErrorCode } from "@interflow/flow";
import { z } from "zod";
import { audit } from "../../audit";
import { ownerProcedure, router, workspaceProcedure } from "../../trpc";

const memberView = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(WORKSPACE_ROLES),
  joinedAt: z.date(),
});
const memberInput = z.object({ userId: z.string().min(1, "userId: say which member") });

export const membersRouter = router({
  /** Everybody in the workspace, with their roles: every member may see who else is in it. */
  list: workspaceProcedure.output(z.object({ members: z.array(memberView) })).query(async ({ ctx }) => ({
    members: await listMembers(ctx.services.db, { workspaceId: ctx.workspaceId }),
  })),

  /** Owners change roles; the last owner cannot step down. */
  setRole: ownerProcedure
    .input(memberInput.extend({ role: z.enum(WORKSPACE_ROLES, { error: "role: one of owner, editor, viewer" }) }))
    .output(z.object({ userId: z.string(), role: z.enum(WORKSPACE_ROLES) }))
    .mutation(async ({ ctx, input }) => {
      const { previous, email } = await setMemberRole(ctx.services.db, { workspaceId: ctx.workspaceId, userId: input.userId, role: input.role });
      if (previous !== input.role) await audit(ctx, "member.role", email, { from: previous, to: input.role });
      return { userId: input.userId, role: input.role };
    }),

  /** Owners remove members (their tokens of this workspace stop working); nobody removes the last owner. */
  remove: ownerProcedure
    .input(memberInput)
    .output(z.object({ userId: z.string() }))
    .mutation(async ({ ctx, input }) => {
      if (ctx.caller.user?.id === input.userId && ctx.caller.kind === "token") {
        throw new AppError(AppErrorCode.BadRequest, "userId: remove yourself in the web app, not with your own token");
      }
      const { email } = await removeMember(ctx.services.db, { workspaceId: ctx.workspaceId, userId: input.userId });
      await audit(ctx, "member.remove", email);
      return { userId: input.userId };
    }),
});
