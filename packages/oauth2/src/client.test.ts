// The OAuth2 client against a real authorization server on localhost: the authorization-code
// grant with PKCE (the redirect followed as a browser would), refresh, client credentials, and the
// refusals a credential must tell apart (wrong client secret, revoked refresh token, no server).
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizationUrlOf, clientCredentialsToken, exchangeCode, needsRefresh, newPkce, newState, OAuth2Error, refreshTokens } from "./client";
import { type LocalOAuth2Server, startLocalOAuth2Server } from "./testing";

let server: LocalOAuth2Server;
beforeAll(async () => {
  server = await startLocalOAuth2Server();
});
afterAll(() => server?.stop());

const client = () => ({ tokenUrl: server.tokenUrl, clientId: server.clientId, clientSecret: server.clientSecret });
const REDIRECT = "http://127.0.0.1:9/api/oauth2/callback";

/** What the browser does with the authorization page: follows it to the redirect, whose query holds the code. */
async function authorize(url: string): Promise<URL> {
  const response = await fetch(url, { redirect: "manual" });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location") ?? "");
}

describe("authorization code with PKCE", () => {
  it("sends the person to the authorization page and trades the code for tokens", async () => {
    const pkce = newPkce();
    const state = newState();
    const url = authorizationUrlOf({ authorizationUrl: server.authorizationUrl, clientId: server.clientId, redirectUri: REDIRECT, scope: " orders:read ", state, codeChallenge: pkce.challenge });
    const query = new URL(url).searchParams;
    expect(Object.fromEntries(query)).toEqual({
      response_type: "code",
      client_id: server.clientId,
      redirect_uri: REDIRECT,
      scope: "orders:read",
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: "S256",
    });
    const back = await authorize(url);
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get("state")).toBe(state);
    const before = Date.now();
    const tokens = await exchangeCode(client(), { code: back.searchParams.get("code") ?? "", redirectUri: REDIRECT, codeVerifier: pkce.verifier });
    expect(tokens.accessToken).toBe(server.issuedAccessTokens.at(-1));
    expect(tokens.refreshToken).toBe(server.issuedRefreshTokens.at(-1));
    expect(tokens.tokenType).toBe("Bearer");
    expect(tokens.expiresAt?.getTime()).toBeGreaterThanOrEqual(before + 3600_000);
  });
});

describe("refresh", () => {
  it("gets a new access token for a refresh token, and says a revoked one is revoked", async () => {
    const first = await exchangeCode(client(), await codeFor());
    const refreshed = await refreshTokens(client(), first.refreshToken ?? "");
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(refreshed.refreshToken).toBe(server.issuedRefreshTokens.at(-1));
    server.revoked.add(refreshed.refreshToken ?? "");
    const error = await refreshTokens(client(), refreshed.refreshToken ?? "").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuth2Error);
    expect(error).toMatchObject({ code: "invalid_grant", revoked: true, status: 400 });
  });

  it("tells a wrong client secret (not revoked: the grant is fine, the credential's secret is not) and an unreachable server apart", async () => {
    const wrong = await clientCredentialsToken({ ...client(), clientSecret: "nope" }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: "invalid_client", revoked: false, status: 401 });
    expect((wrong as Error).message).not.toContain("nope");
    const port = await closedPort();
    const down = await clientCredentialsToken({ ...client(), tokenUrl: `http://127.0.0.1:${port}/token` }).catch((e: unknown) => e);
    expect(down).toMatchObject({ code: "unreachable", revoked: false, message: `the token endpoint at 127.0.0.1:${port} could not be reached (ECONNREFUSED)` });
  });

  it("knows when a token is due: within the margin before expiry, never when the server gave no expiry", () => {
    const now = Date.parse("2026-11-27T12:00:00Z");
    expect(needsRefresh(new Date(now + 120_000), 300_000, now)).toBe(true);
    expect(needsRefresh(new Date(now + 600_000), 300_000, now)).toBe(false);
    expect(needsRefresh(new Date(now - 1), 0, now)).toBe(true);
    expect(needsRefresh(null, 300_000, now)).toBe(false);
  });
});

describe("client credentials", () => {
  it("gets a token for the client itself, with the client secret in the body when the server wants it there", async () => {
    const basic = await clientCredentialsToken(client(), { scope: "reports" });
    expect(basic.refreshToken).toBeUndefined();
    expect(server.grants.at(-1)).toEqual({ grantType: "client_credentials", refreshToken: undefined, scope: "reports" });
    const body = await clientCredentialsToken({ ...client(), clientAuthentication: "body" });
    expect(body.accessToken).toBe(server.issuedAccessTokens.at(-1));
  });
});

// last: the mock answers a wrong verifier and then breaks the connection it answered on
describe("a code with the wrong PKCE verifier", () => {
  it("is refused", async () => {
    const back = await authorize(authorizationUrlOf({ authorizationUrl: server.authorizationUrl, clientId: server.clientId, redirectUri: REDIRECT, state: newState(), codeChallenge: newPkce().challenge }));
    const error = await exchangeCode(client(), { code: back.searchParams.get("code") ?? "", redirectUri: REDIRECT, codeVerifier: newPkce().verifier }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuth2Error);
    expect((error as OAuth2Error).message).toMatch(/refused \(HTTP 400, invalid_request: code_verifier provided does not match/);
  });
});

async function codeFor() {
  const pkce = newPkce();
  const back = await authorize(authorizationUrlOf({ authorizationUrl: server.authorizationUrl, clientId: server.clientId, redirectUri: REDIRECT, state: newState(), codeChallenge: pkce.challenge }));
  return { code: back.searchParams.get("code") ?? "", redirectUri: REDIRECT, codeVerifier: pkce.verifier };
}

/** A port nothing listens on (one just given up). */
async function closedPort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => probe.once("listening", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
