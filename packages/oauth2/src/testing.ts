import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { OAuth2Server } from "oauth2-mock-server";

/**
 * A real OAuth2 authorization server on localhost (oauth2-mock-server) that also checks the client
 * secret and honours revoked refresh tokens, which the package itself does not: what the tests of
 * OAuth2 credentials talk to.
 */
export interface LocalOAuth2Server {
  issuerUrl: string;
  authorizationUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** refresh tokens the server refuses from now on (invalid_grant) */
  revoked: Set<string>;
  /** every grant the token endpoint answered, in order */
  grants: Array<{ grantType: string; refreshToken?: string; scope?: string }>;
  /** the refresh tokens the server issued, in order */
  issuedRefreshTokens: string[];
  /** the access tokens the server issued, in order */
  issuedAccessTokens: string[];
  /** seconds an access token lives (default 3600) */
  setTokenLifetime(seconds: number): void;
  stop(): Promise<void>;
}

type TokenRequest = IncomingMessage & { body: Record<string, string | undefined> };

function clientOf(req: TokenRequest): { id?: string; secret?: string } {
  const header = req.headers.authorization;
  if (header?.startsWith("Basic ")) {
    const [id, secret] = Buffer.from(header.slice(6), "base64").toString("utf8").split(":").map(decodeURIComponent);
    return { id, secret };
  }
  return { id: req.body.client_id, secret: req.body.client_secret };
}

export async function startLocalOAuth2Server(p: { clientId?: string; clientSecret?: string } = {}): Promise<LocalOAuth2Server> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  await server.start(0, "127.0.0.1");
  const issuerUrl = (server.issuer.url ?? "").replace(/\/$/, "");
  const clientId = p.clientId ?? "interflow-test-client";
  const clientSecret = p.clientSecret ?? "client-secret-7d1f0a9c";
  let lifetime = 3600;
  const local: LocalOAuth2Server = {
    issuerUrl,
    authorizationUrl: `${issuerUrl}/authorize`,
    tokenUrl: `${issuerUrl}/token`,
    clientId,
    clientSecret,
    revoked: new Set(),
    grants: [],
    issuedRefreshTokens: [],
    issuedAccessTokens: [],
    setTokenLifetime: (seconds) => {
      lifetime = seconds;
    },
    stop: () => server.stop(),
  };
  // every token unique (the package's are the same within one second)
  server.service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }) => {
    token.payload.jti = randomUUID();
  });
  server.service.on("beforeResponse", (response: { body: Record<string, unknown>; statusCode: number }, req: TokenRequest) => {
    const client = clientOf(req);
    if (client.id !== clientId || client.secret !== clientSecret) {
      response.statusCode = 401;
      response.body = { error: "invalid_client", error_description: "client authentication failed" };
      return;
    }
    const grantType = req.body.grant_type ?? "";
    const refreshToken = req.body.refresh_token;
    if (grantType === "refresh_token" && (refreshToken === undefined || local.revoked.has(refreshToken))) {
      response.statusCode = 400;
      response.body = { error: "invalid_grant", error_description: "the refresh token was revoked" };
      return;
    }
    local.grants.push({ grantType, refreshToken, scope: req.body.scope });
    response.body.expires_in = lifetime;
    if (typeof response.body.refresh_token === "string") local.issuedRefreshTokens.push(response.body.refresh_token);
    if (typeof response.body.access_token === "string") local.issuedAccessTokens.push(response.body.access_token);
  });
  return local;
}
