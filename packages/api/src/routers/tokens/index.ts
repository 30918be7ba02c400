import { createApiToken, getApiToken, listApiTokens, revokeApiToken } from "@interflow/db";
import { AppError, AppErrorCode } from "@interflow/flow";
import { z } from "zod";
import { audit } from "../../audit";
import { router, workspaceProcedure } from "../../trpc";

const DAY_MS = 86_400_000;

const tokenView = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.object({ id: z.string(), email: z.string() }).nullable(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

/**
 * API tokens for the CLI and scripts: each person's own, acting with their role in this workspace.
 * Owners see and revoke everybody's. The token itself is shown once, at creation; only its hash is kept.
 */
export const tokensRouter = router({
  list: workspaceProcedure.output(z.object({ tokens: z.array(tokenView) })).query(async ({ ctx }) => {
    const everybody = ctx.caller.role === "owner";
    if (!everybody && !ctx.caller.user) return { tokens: [] };
    return { tokens: await listApiTokens(ctx.services.db, { workspaceId: ctx.workspaceId, userId: everybody ? undefined : ctx.caller.user?.id }) };
  }),

  create: workspaceProcedure
    .input(
      z.object({
        name: z.string().trim().min(1, "name: say what the token is for, e.g. 'laptop CLI'").max(80, "name: at most 80 characters"),
        /** null: never expires */
        expiresInDays: z.number().int().min(1, "expiresInDays: at least 1").max(3650, "expiresInDays: at most 3650").nullable().default(90),
      }),
    )
    .output(tokenView.extend({ token: z.string() }))
    .mutation(async ({ ctx, input }) => {
      // only a signed-in person: a token that could mint tokens would outlive its own expiry and revocation
      if (ctx.caller.kind !== "person") throw new AppError(AppErrorCode.Forbidden, "create tokens in the web app, signed in: a token cannot create tokens");
      const user = ctx.caller.user;
      const expiresAt = input.expiresInDays === null ? null : new Date(Date.now() + input.expiresInDays * DAY_MS);
      const { id, token } = await createApiToken(ctx.services.db, { workspaceId: ctx.workspaceId, userId: user.id, name: input.name, expiresAt });
      await audit(ctx, "token.create", input.name, { tokenId: id, expiresAt: expiresAt?.toISOString() ?? null });
      return { id, name: input.name, owner: { id: user.id, email: user.email }, createdAt: new Date(), lastUsedAt: null, expiresAt, revokedAt: null, token };
    }),

  /** Your own tokens; owners also anybody's in the workspace. */
  revoke: workspaceProcedure
    .input(z.object({ id: z.string().min(1, "id: say which token") }))
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const token = await getApiToken(ctx.services.db, { workspaceId: ctx.workspaceId, tokenId: input.id });
      const mine = token !== null && token.userId !== null && token.userId === ctx.caller.user?.id;
      if (!token || (!mine && ctx.caller.role !== "owner")) throw new AppError(AppErrorCode.NotFound, `token ${input.id} not found`);
      await revokeApiToken(ctx.services.db, { workspaceId: ctx.workspaceId, tokenId: input.id });
      await audit(ctx, "token.revoke", token.name, { tokenId: token.id });
      return { id: input.id };
    }),
});
