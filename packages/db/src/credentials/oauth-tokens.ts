import type { Db } from "../db";
import type { Credential } from "../generated/prisma/client";
import type { EncryptionKey } from "./encryption-key";
import { openSecrets, sealSecrets } from "./secret-envelope";

/** The auth kinds whose steps sign in with tokens the platform obtains and refreshes. */
export const OAUTH2_AUTH_KINDS = ["oauth2-authorization-code", "oauth2-client-credentials"] as const;
export const isOAuth2AuthKind = (authKind: string) => (OAUTH2_AUTH_KINDS as readonly string[]).includes(authKind);

/** What an application granted a credential, in the clear (only inside the API and the worker). */
export interface StoredOAuthTokens {
  accessToken: string;
  tokenType: string;
  refreshToken?: string;
  scope?: string;
}

/** Tokens are sealed bound to the credential and to their column: an envelope moved to `secrets` (or back) is refused. */
const tokensBinding = (credentialId: string) => `${credentialId}#oauth2-tokens`;

export function sealOAuthTokens(p: { key: EncryptionKey; credentialId: string; tokens: StoredOAuthTokens }): string {
  const fields: Record<string, string> = { accessToken: p.tokens.accessToken, tokenType: p.tokens.tokenType };
  if (p.tokens.refreshToken !== undefined) fields.refreshToken = p.tokens.refreshToken;
  if (p.tokens.scope !== undefined) fields.scope = p.tokens.scope;
  return sealSecrets({ key: p.key, credentialId: tokensBinding(p.credentialId), secrets: fields });
}

export function openOAuthTokens(p: { key: EncryptionKey; credentialId: string; envelope: string }): StoredOAuthTokens {
  const fields = openSecrets({ key: p.key, credentialId: tokensBinding(p.credentialId), envelope: p.envelope });
  return { accessToken: fields.accessToken ?? "", tokenType: fields.tokenType ?? "Bearer", refreshToken: fields.refreshToken, scope: fields.scope };
}

/**
 * Stores the tokens an application granted (a person connecting the account, or a refresh):
 * sealed, with their expiry; the credential is connected and verified again. `ifTokensAre`: only
 * when the stored tokens are still those (a refresh that raced with a person reconnecting loses).
 * Returns whether they were stored.
 */
export async function storeOAuthTokens(
  db: Db,
  p: { credentialId: string; key: EncryptionKey; tokens: StoredOAuthTokens; expiresAt: Date | null; ifTokensAre?: string | null },
): Promise<boolean> {
  const now = new Date();
  const { count } = await db.prisma.credential.updateMany({
    where: { id: p.credentialId, ...(p.ifTokensAre !== undefined ? { oauthTokens: p.ifTokensAre } : {}) },
    data: {
      oauthTokens: sealOAuthTokens({ key: p.key, credentialId: p.credentialId, tokens: p.tokens }),
      tokenExpiresAt: p.expiresAt,
      needsReconnection: false,
      verificationStatus: "verified",
      verificationMessage: null,
      verifiedAt: now,
    },
  });
  return count > 0;
}

/**
 * The application refused the credential's grant (a revoked refresh token, say): only a person
 * connecting the account again helps. Marked failed with `message`, which the flows using it show.
 */
export async function markNeedsReconnection(db: Db, p: { credentialId: string; message: string; ifTokensAre?: string | null }): Promise<boolean> {
  const { count } = await db.prisma.credential.updateMany({
    where: { id: p.credentialId, ...(p.ifTokensAre !== undefined ? { oauthTokens: p.ifTokensAre } : {}) },
    data: { needsReconnection: true, verificationStatus: "failed", verificationMessage: p.message, verifiedAt: new Date() },
  });
  return count > 0;
}

/** An OAuth2 credential as the token keeper reads it: its fields, its sealed tokens, their expiry. */
export type OAuthCredentialRow = Pick<Credential, "id" | "workspaceId" | "name" | "component" | "authKind" | "values" | "secrets" | "oauthTokens" | "tokenExpiresAt" | "needsReconnection">;

const oauthColumns = {
  id: true,
  workspaceId: true,
  name: true,
  component: true,
  authKind: true,
  values: true,
  secrets: true,
  oauthTokens: true,
  tokenExpiresAt: true,
  needsReconnection: true,
} as const;

export function getOAuthCredential(db: Db, credentialId: string): Promise<OAuthCredentialRow | null> {
  return db.prisma.credential.findUnique({ where: { id: credentialId }, select: oauthColumns });
}

/**
 * The OAuth2 credentials among `ids` (the ones running flows use) whose access token expires
 * before `before`, or that have none yet (client credentials fetch theirs), and that do not wait
 * for a person to reconnect them.
 */
export async function listOAuthCredentialsDue(db: Db, p: { ids: readonly string[]; before: Date }): Promise<OAuthCredentialRow[]> {
  const ids = [...new Set(p.ids)];
  if (ids.length === 0) return [];
  return db.prisma.credential.findMany({
    where: {
      id: { in: ids },
      authKind: { in: [...OAUTH2_AUTH_KINDS] },
      needsReconnection: false,
      OR: [{ tokenExpiresAt: { lt: p.before } }, { authKind: "oauth2-client-credentials", oauthTokens: null }],
    },
    select: oauthColumns,
  });
}
