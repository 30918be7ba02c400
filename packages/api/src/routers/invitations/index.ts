import {
  acceptInvitation,
  createInvitation,
  findInvitation,
  INVITATION_UNUSABLE,
  type InvitationRecord,
  listInvitations,
  recordAudit,
  revokeInvitation,
  WORKSPACE_ROLES,
  type WorkspaceRole,
} from "@interflow/db";
import { AppError, AppErrorCode } from "@interflow/flow";
import { z } from "zod";
import { audit } from "../../audit";
import { MIN_PASSWORD_LENGTH } from "../../auth/create-auth";
import { signUpInvited } from "../../auth/invited-sign-up";
import type { ApiServices } from "../../services";
import { ownerProcedure, personProcedure, publicProcedure, router } from "../../trpc";

export const DEFAULT_INVITATION_DAYS = 7;
const DAY_MS = 86_400_000;

const invitationView = z.object({
  id: z.string(),
  workspaceName: z.string(),
  role: z.enum(WORKSPACE_ROLES),
  invitedBy: z.object({ email: z.string(), name: z.string() }),
  createdAt: z.date(),
  expiresAt: z.date(),
});

function viewOf(invitation: InvitationRecord): z.infer<typeof invitationView> {
  const { id, workspaceName, role, invitedBy, createdAt, expiresAt } = invitation;
  return { id, workspaceName, role, invitedBy: { email: invitedBy.email, name: invitedBy.name }, createdAt, expiresAt };
}

const secretInput = z.object({ secret: z.string().min(1, "secret: the invitation link's code is missing") });

async function requireInvitation(services: ApiServices, secret: string): Promise<InvitationRecord> {
  const invitation = await findInvitation(services.db, { secret });
  if (!invitation) throw new AppError(AppErrorCode.NotFound, INVITATION_UNUSABLE);
  return invitation;
}

async function auditJoin(services: ApiServices, invitation: InvitationRecord & { memberRole: WorkspaceRole }, person: { id: string; email: string }): Promise<void> {
  await recordAudit(services.db, {
    workspaceId: invitation.workspaceId,
    actor: person.email,
    actorUserId: person.id,
    action: "member.join",
    target: person.email,
    detail: { role: invitation.memberRole, invitedBy: invitation.invitedBy.email },
  });
}

export const invitationsRouter = router({
  /** The links that can still be used. */
  list: ownerProcedure.output(z.object({ invitations: z.array(invitationView) })).query(async ({ ctx }) => ({
    invitations: (await listInvitations(ctx.services.db, { workspaceId: ctx.workspaceId })).map(viewOf),
  })),

  /** A new link, shown once: whoever opens it first joins with `role`. */
  create: ownerProcedure
    .input(
      z.object({
        role: z.enum(WORKSPACE_ROLES, { error: "role: one of owner, editor, viewer" }),
        expiresInDays: z.number().int().min(1, "expiresInDays: at least 1").max(30, "expiresInDays: at most 30").default(DEFAULT_INVITATION_DAYS),
      }),
    )
    .output(invitationView.extend({ url: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const createdById = ctx.caller.user?.id;
      if (!createdById) throw new AppError(AppErrorCode.Forbidden, "invitations come from a person: sign in to the web app, or use your own token");
      const { invitation, secret } = await createInvitation(ctx.services.db, {
        workspaceId: ctx.workspaceId,
        role: input.role,
        createdById,
        expiresAt: new Date(Date.now() + input.expiresInDays * DAY_MS),
      });
      await audit(ctx, "invitation.create", input.role, { invitationId: invitation.id, expiresAt: invitation.expiresAt.toISOString() });
      return { ...viewOf(invitation), url: `${ctx.services.appUrl}/invite/${secret}` };
    }),

  revoke: ownerProcedure
    .input(z.object({ id: z.string().min(1, "id: say which invitation") }))
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await revokeInvitation(ctx.services.db, { workspaceId: ctx.workspaceId, invitationId: input.id });
      await audit(ctx, "invitation.revoke", input.id);
      return { id: input.id };
    }),

  /** What a link invites to, for its page; anyone holding the link may see this much. */
  preview: publicProcedure
    .input(secretInput)
    .output(invitationView)
    .query(async ({ ctx, input }) => viewOf(await requireInvitation(ctx.services, input.secret))),

  /** A signed-in person joins with the link. */
  accept: personProcedure
    .input(secretInput)
    .output(z.object({ workspaceId: z.string(), workspaceName: z.string(), role: z.enum(WORKSPACE_ROLES) }))
    .mutation(async ({ ctx, input }) => {
      const invitation = await acceptInvitation(ctx.services.db, { secret: input.secret, userId: ctx.person.id });
      await auditJoin(ctx.services, invitation, ctx.person);
      // someone already in the workspace keeps their role: say which one they have
      return { workspaceId: invitation.workspaceId, workspaceName: invitation.workspaceName, role: invitation.memberRole };
    }),

  /** Someone new creates their account through the link (the only sign-up after the owner's); they sign in next. */
  signUp: publicProcedure
    .input(
      secretInput.extend({
        name: z.string().trim().min(1, "name: say what we should call you").max(100, "name: at most 100 characters"),
        email: z.email("email: this is not an email address"),
        password: z.string().min(MIN_PASSWORD_LENGTH, `password: at least ${MIN_PASSWORD_LENGTH} characters`).max(128, "password: at most 128 characters"),
      }),
    )
    .output(z.object({ workspaceId: z.string(), workspaceName: z.string(), role: z.enum(WORKSPACE_ROLES) }))
    .mutation(async ({ ctx, input }) => {
      await requireInvitation(ctx.services, input.secret);
      const user = await signUpInvited(ctx.services, { name: input.name, email: input.email, password: input.password });
      try {
        const invitation = await acceptInvitation(ctx.services.db, { secret: input.secret, userId: user.id });
        await auditJoin(ctx.services, invitation, user);
        return { workspaceId: invitation.workspaceId, workspaceName: invitation.workspaceName, role: invitation.memberRole };
      } catch (error) {
        // someone else used the link in between: no account without a workspace is left behind
        await ctx.services.db.prisma.user.delete({ where: { id: user.id } });
        throw error;
      }
    }),
});
