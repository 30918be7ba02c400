// Connecting an OAuth2 (authorization code) credential against a real authorization server on
// localhost: the sign-in page's address, the redirect back with code and state (followed as a
// browser would), the tokens stored sealed, the state good once; a declined sign-in, a wrong
// client secret and an unknown state each say why.
import { getDecryptedCredential } from "@interflow/db";
import { type LocalOAuth2Server, startLocalOAuth2Server } from "@interflow/oauth2/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTenant, TEST_ENCRYPTION_KEY, useTestServices } from "../../testing/api-fixture";
import { completeOAuth2Connection } from "./connect";

const services = useTestServices();
let oauth: LocalOAuth2Server;
beforeAll(async () => {
  oauth = await startLocalOAuth2Server();
});
afterAll(() => oauth?.stop());

async function oauthCredential(clientSecret = oauth.clientSecret) {
  const tenant = await newTenant(services);
  const credential = await tenant.caller.credentials.create({
    name: `CRM ${Math.random().toString(36).slice(2, 8)}`,
    component: "http",
    authKind: "oauth2-authorization-code",
    values: { authorizationUrl: oauth.authorizationUrl, tokenUrl: oauth.tokenUrl, clientId: oauth.clientId, scope: "orders:read offline_access" },
    secrets: { clientSecret },
  });
  return { ...tenant, credential };
}

/** The browser at the application's sign-in page: the person allows access, the application redirects back. */
async function signIn(authorizationUrl: string): Promise<URLSearchParams> {
  const response = await fetch(authorizationUrl, { redirect: "manual" });
  return new URL(response.headers.get("location") ?? "").searchParams;
}

describe("credentials.connect", () => {
  it("sends the person to the application and stores the tokens it grants, sealed; the state works once", async () => {
    const { caller, credential, workspaceId } = await oauthCredential();
    expect(credential.oauth).toEqual({ connected: false, tokenExpiresAt: null });
    const { authorizationUrl, redirectUri } = await caller.credentials.connect({ id: credential.id });
    expect(redirectUri).toBe(`${services.appUrl}/api/oauth2/callback`);
    const query = new URL(authorizationUrl).searchParams;
    expect(query.get("client_id")).toBe(oauth.clientId);
    expect(query.get("scope")).toBe("orders:read offline_access");
    expect(query.get("code_challenge_method")).toBe("S256");
    expect(authorizationUrl).not.toContain(oauth.clientSecret);

    const back = await signIn(authorizationUrl);
    const outcome = await completeOAuth2Connection(services, { state: back.get("state"), code: back.get("code") });
    expect(outcome).toEqual({ ok: true, credentialId: credential.id, credentialName: credential.name, returnTo: "settings" });

    const [listed] = (await caller.credentials.list({ component: "http" })).credentials.filter((c) => c.id === credential.id);
    expect(listed?.oauth?.connected).toBe(true);
    expect(Date.parse(listed?.oauth?.tokenExpiresAt ?? "")).toBeGreaterThan(Date.now() + 3000_000);
    expect(listed?.verification.status).toBe("verified");
    const shown = JSON.stringify(listed);
    for (const token of [oauth.issuedAccessTokens.at(-1), oauth.issuedRefreshTokens.at(-1), oauth.clientSecret]) expect(shown).not.toContain(token);
    const stored = await getDecryptedCredential(services.db, { workspaceId, credentialId: credential.id, key: TEST_ENCRYPTION_KEY });
    expect(stored?.tokens).toMatchObject({ accessToken: oauth.issuedAccessTokens.at(-1), refreshToken: oauth.issuedRefreshTokens.at(-1) });
    const audit = await caller.audit.list({});
    expect(audit.entries.some((e) => e.action === "credential.connect" && e.target === credential.name)).toBe(true);

    // the same state again (a replayed redirect): refused, nothing changed
    expect(await completeOAuth2Connection(services, { state: back.get("state"), code: back.get("code") })).toMatchObject({ ok: false, message: expect.stringMatching(/unknown or was used already/) });
  });

  it("started from a popup (the designer's wizard), it returns to the popup page", async () => {
    const { caller, credential } = await oauthCredential();
    const back = await signIn((await caller.credentials.connect({ id: credential.id, returnTo: "popup" })).authorizationUrl);
    expect(await completeOAuth2Connection(services, { state: back.get("state"), code: back.get("code") })).toEqual({ ok: true, credentialId: credential.id, credentialName: credential.name, returnTo: "popup" });
    await expect(caller.credentials.connect({ id: credential.id, returnTo: "window" as "popup" })).rejects.toThrow(/returnTo/);
  });

  it("says why when the person declines, the client secret is wrong, or the state is unknown", async () => {
    const declined = await oauthCredential();
    const started = new URL((await declined.caller.credentials.connect({ id: declined.credential.id })).authorizationUrl).searchParams;
    expect(await completeOAuth2Connection(services, { state: started.get("state"), error: "access_denied", errorDescription: "the user said no" })).toEqual({
      ok: false,
      credentialId: declined.credential.id,
      message: "the application did not grant access (access_denied: the user said no)",
      returnTo: "settings",
    });

    const wrong = await oauthCredential("not-the-client-secret");
    const back = await signIn((await wrong.caller.credentials.connect({ id: wrong.credential.id })).authorizationUrl);
    const refused = await completeOAuth2Connection(services, { state: back.get("state"), code: back.get("code") });
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining("invalid_client") });
    expect(JSON.stringify(refused)).not.toContain("not-the-client-secret");

    expect(await completeOAuth2Connection(services, { state: "made-up", code: "x" })).toMatchObject({ ok: false, message: expect.stringMatching(/unknown or was used already/) });
    expect(await completeOAuth2Connection(services, {})).toMatchObject({ ok: false, message: expect.stringMatching(/no state/) });
  });

  it("refuses a credential of another kind, naming it", async () => {
    const { caller } = await newTenant(services);
    const bearer = await caller.credentials.create({ name: "API", component: "http", authKind: "bearer", secrets: { token: "t-1234567" } });
    await expect(caller.credentials.connect({ id: bearer.id })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^id: credential "API" signs in with bearer/) });
  });
});
