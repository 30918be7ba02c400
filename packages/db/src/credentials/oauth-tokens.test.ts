import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db";
import { testDatabaseUrl } from "../testing/test-env";
import { createWorkspace } from "../workspaces/create-workspace";
import { createCredential } from "./create-credential";
import { parseEncryptionKey } from "./encryption-key";
import { getDecryptedCredential } from "./get-decrypted-credential";
import { getCredential } from "./list-credentials";
import { getOAuthCredential, listOAuthCredentialsDue, markNeedsReconnection, openOAuthTokens, storeOAuthTokens } from "./oauth-tokens";

let db: Db;
beforeAll(() => {
  db = createDb(testDatabaseUrl());
});
afterAll(() => db?.close());

const key = parseEncryptionKey(randomBytes(32).toString("base64"));

async function oauthCredential(authKind = "oauth2-authorization-code") {
  const workspace = await createWorkspace(db, { name: `oauth ${randomBytes(3).toString("hex")}` });
  const credential = await createCredential(db, {
    workspaceId: workspace.id,
    key,
    name: "CRM",
    component: "http",
    authKind,
    values: { tokenUrl: "https://crm.example.test/token", clientId: "c" },
    secrets: { clientSecret: "cs-9f2e" },
    createdBy: "test",
  });
  return { workspaceId: workspace.id, id: credential.id };
}

describe("OAuth2 tokens of a credential", () => {
  it("are sealed apart from the secrets, bound to their column: opened only where they belong", async () => {
    const { workspaceId, id } = await oauthCredential();
    expect((await getCredential(db, { workspaceId, credentialId: id, key }))?.oauth).toEqual({ connected: false, tokenExpiresAt: null });
    const expiresAt = new Date(Date.now() + 60_000);
    expect(await storeOAuthTokens(db, { credentialId: id, key, tokens: { accessToken: "at-secret-1", tokenType: "Bearer", refreshToken: "rt-secret-1" }, expiresAt })).toBe(true);
    const row = await getOAuthCredential(db, id);
    expect(row?.oauthTokens).not.toContain("at-secret-1");
    // the tokens envelope is refused as the secrets' (and the other way round)
    expect(() => openOAuthTokens({ key, credentialId: id, envelope: row?.secrets ?? "" })).toThrow();
    await db.prisma.credential.update({ where: { id }, data: { secrets: row?.oauthTokens ?? "" } });
    await expect(getDecryptedCredential(db, { workspaceId, credentialId: id, key })).rejects.toThrow();
    await db.prisma.credential.update({ where: { id }, data: { secrets: row?.secrets ?? "" } });

    const shown = await getCredential(db, { workspaceId, credentialId: id, key });
    expect(shown?.oauth).toEqual({ connected: true, tokenExpiresAt: expiresAt });
    expect(shown?.verification.status).toBe("verified");
    expect(JSON.stringify(shown)).not.toMatch(/at-secret-1|rt-secret-1/);
  });

  it("are stored only over the tokens a refresh started from, so a reconnection meanwhile wins", async () => {
    const { id } = await oauthCredential();
    await storeOAuthTokens(db, { credentialId: id, key, tokens: { accessToken: "a1", tokenType: "Bearer", refreshToken: "r1" }, expiresAt: null });
    const before = (await getOAuthCredential(db, id))?.oauthTokens ?? null;
    await storeOAuthTokens(db, { credentialId: id, key, tokens: { accessToken: "a2", tokenType: "Bearer", refreshToken: "r2" }, expiresAt: null });
    expect(await storeOAuthTokens(db, { credentialId: id, key, tokens: { accessToken: "stale", tokenType: "Bearer" }, expiresAt: null, ifTokensAre: before })).toBe(false);
    expect(await markNeedsReconnection(db, { credentialId: id, message: "revoked", ifTokensAre: before })).toBe(false);
    const row = await getOAuthCredential(db, id);
    expect(openOAuthTokens({ key, credentialId: id, envelope: row?.oauthTokens ?? "" }).accessToken).toBe("a2");
    expect(row?.needsReconnection).toBe(false);
  });

  it("are due for refresh before they expire, or at once for client credentials without one; not while waiting for a person", async () => {
    const soon = await oauthCredential();
    const later = await oauthCredential();
    const fresh = await oauthCredential("oauth2-client-credentials");
    const revoked = await oauthCredential();
    await storeOAuthTokens(db, { credentialId: soon.id, key, tokens: { accessToken: "a", tokenType: "Bearer", refreshToken: "r" }, expiresAt: new Date(Date.now() + 60_000) });
    await storeOAuthTokens(db, { credentialId: later.id, key, tokens: { accessToken: "a", tokenType: "Bearer", refreshToken: "r" }, expiresAt: new Date(Date.now() + 3600_000) });
    await storeOAuthTokens(db, { credentialId: revoked.id, key, tokens: { accessToken: "a", tokenType: "Bearer", refreshToken: "r" }, expiresAt: new Date(Date.now() - 1) });
    await markNeedsReconnection(db, { credentialId: revoked.id, message: "the refresh token was revoked" });
    const due = await listOAuthCredentialsDue(db, { ids: [soon.id, later.id, fresh.id, revoked.id], before: new Date(Date.now() + 300_000) });
    expect(due.map((c) => c.id).sort()).toEqual([soon.id, fresh.id].sort());
    expect((await getOAuthCredential(db, revoked.id))?.needsReconnection).toBe(true);
  });
});
