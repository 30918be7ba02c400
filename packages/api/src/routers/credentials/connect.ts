import { flowsUsingCredential, getDecryptedCredential, getFlow, recordAudit, storeOAuthTokens } from "@interflow/db";
import { AppError, AppErrorCode } from "@interflow/flow";
import { authorizationUrlOf, exchangeCode, newPkce, newState, OAuth2Error, oauth2ClientOf } from "@interflow/oauth2";
import { keys, sendControlCommand } from "@interflow/queue";
import { z } from "zod";
import { describeCaller } from "../../context";
import type { ApiServices } from "../../services";
import { editorProcedure } from "../../trpc";
import { credentialIdInput } from "./credential-view";
import { encryptionKeyOf } from "./encryption-key";

/** A person has this long to sign in at the application and come back. */
export const OAUTH2_STATE_TTL_SECONDS = 600;
/** Where the application sends the person back (register it with the application's OAuth app). */
export const OAUTH2_CALLBACK_PATH = "/api/oauth2/callback";

const pendingSchema = z.object({
  workspaceId: z.string(),
  credentialId: z.string(),
  codeVerifier: z.string(),
  redirectUri: z.string(),
  actor: z.string(),
  actorUserId: z.string().nullable(),
  returnTo: z.enum(["settings", "popup"]).default("settings"),
});

/**
 * Where the person lands after the application sent them back: Settings → Credentials (a
 * full-page round trip), or a small page that tells the window that opened the popup and closes.
 */
export const connectReturnSchema = z.enum(["settings", "popup"], { error: 'returnTo: "settings" or "popup"' });
export type ConnectReturn = z.infer<typeof connectReturnSchema>;

export const redirectUriOf = (services: Pick<ApiServices, "appUrl">) => `${services.appUrl}${OAUTH2_CALLBACK_PATH}`;

/**
 * Starts connecting an OAuth2 (authorization code) credential: answers the address of the
 * application's sign-in page, for this credential, with PKCE and a one-time `state` kept in Redis
 * for ten minutes. The application sends the person back to /api/oauth2/callback.
 */
export const connectCredentialProcedure = editorProcedure
  .input(credentialIdInput.extend({ returnTo: connectReturnSchema.default("settings") }))
  .output(z.object({ authorizationUrl: z.string(), redirectUri: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const key = encryptionKeyOf(ctx.services);
    const credential = await getDecryptedCredential(ctx.services.db, { workspaceId: ctx.workspaceId, credentialId: input.id, key });
    if (!credential) throw new AppError(AppErrorCode.NotFound, `credential ${input.id} not found`);
    if (credential.authKind !== "oauth2-authorization-code") {
      throw new AppError(AppErrorCode.BadRequest, `id: credential "${credential.name}" signs in with ${credential.authKind}: only OAuth2 authorization-code credentials are connected`);
    }
    const fields = { ...credential.values, ...credential.secrets };
    const client = oauth2ClientOf(fields);
    if (!client.ok) throw new AppError(AppErrorCode.BadRequest, `${client.field}: ${client.message}`);
    const authorizationUrl = typeof fields.authorizationUrl === "string" ? fields.authorizationUrl.trim() : "";
    if (!/^https?:\/\//.test(authorizationUrl)) throw new AppError(AppErrorCode.BadRequest, "authorizationUrl: give the application's authorization URL (http:// or https://)");
    const pkce = newPkce();
    const state = newState();
    const redirectUri = redirectUriOf(ctx.services);
    const pending = { workspaceId: ctx.workspaceId, credentialId: credential.id, codeVerifier: pkce.verifier, redirectUri, actor: describeCaller(ctx.caller), actorUserId: ctx.caller.user?.id ?? null, returnTo: input.returnTo };
    await ctx.services.redis.set(keys.oauth2State(state), JSON.stringify(pending), "EX", OAUTH2_STATE_TTL_SECONDS);
    const scope = typeof fields.scope === "string" ? fields.scope : undefined;
    return { authorizationUrl: authorizationUrlOf({ authorizationUrl, clientId: client.client.clientId, redirectUri, scope, state, codeChallenge: pkce.challenge }), redirectUri };
  });

type Connected = { ok: true; credentialId: string; credentialName: string } | { ok: false; credentialId?: string; message: string };
export type ConnectOutcome = Connected & { returnTo: ConnectReturn };

/**
 * The application sent the person back: `state` is looked up (once: it is deleted as it is read),
 * the code traded for tokens with the PKCE verifier, and the tokens stored sealed. The credential
 * is connected and verified; running flows that use it restart on the new token. A refusal (the
 * person declined, the code was used, the client secret is wrong) is an outcome saying why.
 */
export async function completeOAuth2Connection(services: ApiServices, p: { state?: string | null; code?: string | null; error?: string | null; errorDescription?: string | null }): Promise<ConnectOutcome> {
  if (!p.state) return { ok: false, returnTo: "settings", message: "the application sent no state back: start connecting again from Settings → Credentials" };
  const raw = await services.redis.getdel(keys.oauth2State(p.state));
  const pending = raw === null ? null : pendingSchema.safeParse(JSON.parse(raw));
  if (!pending?.success) return { ok: false, returnTo: "settings", message: "this sign-in is unknown or was used already (it lasts 10 minutes, once): start connecting again from Settings → Credentials" };
  return { ...(await connectPending(services, pending.data, p)), returnTo: pending.data.returnTo };
}

async function connectPending(services: ApiServices, pending: z.infer<typeof pendingSchema>, p: { code?: string | null; error?: string | null; errorDescription?: string | null }): Promise<Connected> {
  const { workspaceId, credentialId } = pending;
  if (p.error) return { ok: false, credentialId, message: `the application did not grant access (${p.error}${p.errorDescription ? `: ${p.errorDescription}` : ""})` };
  if (!p.code) return { ok: false, credentialId, message: "the application sent no code back" };
  const key = encryptionKeyOf(services);
  const credential = await getDecryptedCredential(services.db, { workspaceId, credentialId, key });
  if (!credential) return { ok: false, message: "the credential was deleted while you signed in" };
  const client = oauth2ClientOf({ ...credential.values, ...credential.secrets });
  if (!client.ok) return { ok: false, credentialId, message: `${client.field}: ${client.message}` };
  try {
    const { expiresAt, ...tokens } = await exchangeCode(client.client, { code: p.code, redirectUri: pending.redirectUri, codeVerifier: pending.codeVerifier });
    await storeOAuthTokens(services.db, { credentialId, key, tokens, expiresAt });
  } catch (error) {
    if (!(error instanceof OAuth2Error)) throw error;
    return { ok: false, credentialId, message: error.message };
  }
  await recordAudit(services.db, { workspaceId, actor: pending.actor, actorUserId: pending.actorUserId, action: "credential.connect", target: credential.name, detail: { credentialId } });
  // flows that run with the old (or no) token start again on the new one
  for (const used of (await flowsUsingCredential(services.db, { workspaceId, credentialId })).filter((f) => f.inCurrentVersion)) {
    const flow = await getFlow(services.db, { workspaceId, flowId: used.id });
    if (flow && (flow.state === "running" || flow.state === "sleeping")) {
      await sendControlCommand(services.controlQueue, { type: "redeploy", flowId: flow.id, workspaceId, cause: `credential "${credential.name}" connected by ${pending.actor}` });
    }
  }
  return { ok: true, credentialId, credentialName: credential.name };
}
