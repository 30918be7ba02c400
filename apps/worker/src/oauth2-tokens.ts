import { randomBytes } from "node:crypto";
import { type Db, type EncryptionKey, getOAuthCredential, markNeedsReconnection, type OAuthCredentialRow, openOAuthTokens, openSecrets, storeOAuthTokens } from "@interflow/db";
import { clientCredentialsToken, needsRefresh, OAuth2Error, oauth2ClientOf, refreshTokens } from "@interflow/oauth2";
import { keys, type Redis } from "@interflow/queue";

/** A token is refreshed when it has less than this left (runners started now get at least this long). */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** The longest one refresh may hold the lock (the token endpoint's own time limit is 15 s). */
const LOCK_TTL_MS = 30_000;
const LOCK_POLL_MS = 200;

export type FreshTokens =
  | { ok: true; refreshed: boolean }
  /** revoked: only a person connecting the account again helps (the credential is marked so) */
  | { ok: false; revoked: boolean; message: string };

export interface TokenKeeperDeps {
  db: Db;
  redis: Redis;
  encryptionKey: EncryptionKey;
}

const RELEASE_IF_OURS = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/**
 * Makes sure an OAuth2 credential's access token lives at least `marginMs` more: refreshes it
 * (authorization code: with its refresh token; client credentials: a new grant) and stores the new
 * tokens sealed. One refresh at a time per credential, whoever asks (a Redis lock): a second
 * caller waits for the first and then finds the token fresh, so the application sees one refresh
 * however many flows and replicas use the credential. A refused grant (`invalid_grant`: revoked)
 * marks the credential as needing a person to reconnect it; any other failure is only reported
 * (the next try may pass).
 */
export async function ensureFreshTokens(deps: TokenKeeperDeps, credentialId: string, p: { marginMs?: number } = {}): Promise<FreshTokens> {
  const marginMs = p.marginMs ?? REFRESH_MARGIN_MS;
  const lock = keys.oauth2RefreshLock(credentialId);
  const holder = randomBytes(12).toString("hex");
  const deadline = Date.now() + LOCK_TTL_MS + 5_000;
  while ((await deps.redis.set(lock, holder, "PX", LOCK_TTL_MS, "NX")) !== "OK") {
    if (Date.now() > deadline) return { ok: false, revoked: false, message: "another refresh of its tokens did not finish in time" };
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
  try {
    // read under the lock: whoever held it before may have refreshed already
    const row = await getOAuthCredential(deps.db, credentialId);
    if (!row) return { ok: false, revoked: false, message: "the credential was deleted" };
    return await refreshUnderLock(deps, row, marginMs);
  } finally {
    await deps.redis.eval(RELEASE_IF_OURS, 1, lock, holder).catch(() => {});
  }
}

async function refreshUnderLock(deps: TokenKeeperDeps, row: OAuthCredentialRow, marginMs: number): Promise<FreshTokens> {
  const connected = row.oauthTokens !== null;
  if (row.needsReconnection) return { ok: false, revoked: true, message: "the application refused its grant: connect the account again in Settings → Credentials" };
  if (connected && row.tokenExpiresAt !== null && !needsRefresh(row.tokenExpiresAt, marginMs)) return { ok: true, refreshed: false };
  // connected, and the application gave no expiry: nothing to refresh ahead of time
  if (connected && row.tokenExpiresAt === null) return { ok: true, refreshed: false };
  const fields = { ...(row.values as Record<string, unknown>), ...openSecrets({ key: deps.encryptionKey, credentialId: row.id, envelope: row.secrets }) };
  const found = oauth2ClientOf(fields);
  if (!found.ok) return { ok: false, revoked: false, message: `${found.field}: ${found.message}` };
  const stored = row.oauthTokens === null ? null : openOAuthTokens({ key: deps.encryptionKey, credentialId: row.id, envelope: row.oauthTokens });
  try {
    let tokens: Awaited<ReturnType<typeof refreshTokens>>;
    if (row.authKind === "oauth2-client-credentials") {
      tokens = await clientCredentialsToken(found.client, { scope: stringField(fields.scope), audience: stringField(fields.audience) });
    } else {
      if (!stored) return { ok: false, revoked: true, message: "the account is not connected yet: connect it in Settings → Credentials" };
      if (!stored.refreshToken) {
        const message = "the access token expired and the application gave no refresh token: connect the account again in Settings → Credentials";
        await markNeedsReconnection(deps.db, { credentialId: row.id, message, ifTokensAre: row.oauthTokens });
        return { ok: false, revoked: true, message };
      }
      tokens = await refreshTokens(found.client, stored.refreshToken);
    }
    const { expiresAt, ...granted } = tokens;
    await storeOAuthTokens(deps.db, { credentialId: row.id, key: deps.encryptionKey, tokens: granted, expiresAt, ifTokensAre: row.oauthTokens });
    return { ok: true, refreshed: true };
  } catch (error) {
    if (!(error instanceof OAuth2Error)) throw error;
    if (error.revoked) {
      const message = `the application refused to renew its access (${error.code}): connect the account again in Settings → Credentials`;
      await markNeedsReconnection(deps.db, { credentialId: row.id, message, ifTokensAre: row.oauthTokens });
      return { ok: false, revoked: true, message };
    }
    return { ok: false, revoked: false, message: error.message };
  }
}

const stringField = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value : undefined);
