import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";

/** How the client proves who it is at the token endpoint (RFC 6749 §2.3.1). */
export type ClientAuthentication = "basic" | "body";

/** An application's OAuth2 client, as a credential holds it. */
export interface OAuth2Client {
  tokenUrl: string;
  clientId: string;
  /** none: a public client (PKCE alone) */
  clientSecret?: string;
  /** default "basic": an Authorization header, as every server must accept; "body": client_id and client_secret as form fields */
  clientAuthentication?: ClientAuthentication;
}

/** What a token endpoint granted. */
export interface OAuth2Tokens {
  accessToken: string;
  tokenType: string;
  /** none: the grant gives no refresh token (client credentials), or the server kept the old one */
  refreshToken?: string;
  /** null: the server did not say when it expires */
  expiresAt: Date | null;
  scope?: string;
}

/**
 * The token endpoint refused, or could not be reached. `revoked`: the grant itself is no longer
 * valid (RFC 6749 `invalid_grant`: a revoked or expired refresh token, a used code), so only a
 * person connecting the account again helps; anything else may pass when tried again later.
 */
export class OAuth2Error extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly revoked: boolean;
  constructor(message: string, p: { code: string; status?: number }) {
    super(message);
    this.name = "OAuth2Error";
    this.code = p.code;
    this.status = p.status;
    this.revoked = p.code === "invalid_grant";
  }
}

/** A PKCE pair (RFC 7636, S256): the verifier stays with us, the challenge goes to the authorization page. */
export function newPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** An unguessable `state` for one authorization. */
export const newState = () => randomBytes(32).toString("base64url");

/** The address of the application's authorization page for one authorization-code grant with PKCE. */
export function authorizationUrlOf(p: { authorizationUrl: string; clientId: string; redirectUri: string; scope?: string; state: string; codeChallenge: string }): string {
  const url = new URL(p.authorizationUrl);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", p.clientId);
  url.searchParams.set("redirect_uri", p.redirectUri);
  if (p.scope?.trim()) url.searchParams.set("scope", p.scope.trim());
  url.searchParams.set("state", p.state);
  url.searchParams.set("code_challenge", p.codeChallenge);
  url.searchParams.set("code_challenge_method", "S256");
  return url.toString();
}

const TOKEN_TIMEOUT_MS = 15_000;

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().default("Bearer"),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.coerce.number().positive().optional(),
  scope: z.string().optional(),
});

const errorResponseSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/** How token requests go out: the global fetch, unless the process set its own (the installation's network rules). */
let tokenFetch: typeof fetch = (input, init) => fetch(input, init);

/** Sets how this process's token requests go out (the http component installs a fetch under the network rules). */
export function useTokenFetch(fn: typeof fetch): void {
  tokenFetch = fn;
}

/** One request to the token endpoint; the tokens, or an OAuth2Error saying why not (never quoting a secret). */
async function requestTokens(client: OAuth2Client, grant: Record<string, string>, signal?: AbortSignal): Promise<OAuth2Tokens> {
  const body = new URLSearchParams(grant);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
  if ((client.clientAuthentication ?? "basic") === "basic" && client.clientSecret !== undefined) {
    // RFC 6749 §2.3.1: both parts form-urlencoded before the base64
    const pair = `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString("base64")}`;
  } else {
    body.set("client_id", client.clientId);
    if (client.clientSecret !== undefined) body.set("client_secret", client.clientSecret);
  }
  let host = client.tokenUrl;
  try {
    host = new URL(client.tokenUrl).host;
  } catch {
    throw new OAuth2Error("the token URL is not a URL", { code: "invalid_token_url" });
  }
  const timeout = AbortSignal.timeout(TOKEN_TIMEOUT_MS);
  let response: Response;
  try {
    response = await tokenFetch(client.tokenUrl, { method: "POST", headers, body, signal: signal ? AbortSignal.any([signal, timeout]) : timeout, redirect: "error" });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code === "EGRESS_REFUSED") throw new OAuth2Error(`the token endpoint at ${host} is refused: ${cause.message}`, { code: "unreachable" });
    const why = cause?.code ?? cause?.message ?? (error as Error).name;
    throw new OAuth2Error(`the token endpoint at ${host} could not be reached (${why})`, { code: "unreachable" });
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // some servers answer form-encoded despite Accept
    parsed = Object.fromEntries(new URLSearchParams(text));
  }
  if (!response.ok) {
    const refusal = errorResponseSchema.safeParse(parsed);
    const code = refusal.success ? refusal.data.error : `http_${response.status}`;
    const description = refusal.success && refusal.data.error_description ? `: ${refusal.data.error_description}` : "";
    throw new OAuth2Error(`the token endpoint at ${host} refused (HTTP ${response.status}, ${code}${description})`, { code, status: response.status });
  }
  const tokens = tokenResponseSchema.safeParse(parsed);
  if (!tokens.success) {
    const refusal = errorResponseSchema.safeParse(parsed);
    if (refusal.success) throw new OAuth2Error(`the token endpoint at ${host} refused (${refusal.data.error})`, { code: refusal.data.error, status: response.status });
    throw new OAuth2Error(`the token endpoint at ${host} answered without an access token`, { code: "invalid_response", status: response.status });
  }
  const { data } = tokens;
  return {
    accessToken: data.access_token,
    tokenType: data.token_type,
    refreshToken: data.refresh_token,
    expiresAt: data.expires_in === undefined ? null : new Date(Date.now() + data.expires_in * 1000),
    scope: data.scope,
  };
}

/** Trades the code the application sent back to the redirect for tokens (with the PKCE verifier). */
export function exchangeCode(client: OAuth2Client, p: { code: string; redirectUri: string; codeVerifier: string }, signal?: AbortSignal): Promise<OAuth2Tokens> {
  return requestTokens(client, { grant_type: "authorization_code", code: p.code, redirect_uri: p.redirectUri, code_verifier: p.codeVerifier }, signal);
}

/** A new access token for a refresh token; a server that sends no new refresh token keeps the old one valid. */
export async function refreshTokens(client: OAuth2Client, refreshToken: string, signal?: AbortSignal): Promise<OAuth2Tokens> {
  const tokens = await requestTokens(client, { grant_type: "refresh_token", refresh_token: refreshToken }, signal);
  return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
}

/** A token for the client itself (client-credentials grant), no person involved. */
export function clientCredentialsToken(client: OAuth2Client, p: { scope?: string; audience?: string } = {}, signal?: AbortSignal): Promise<OAuth2Tokens> {
  const grant: Record<string, string> = { grant_type: "client_credentials" };
  if (p.scope?.trim()) grant.scope = p.scope.trim();
  if (p.audience?.trim()) grant.audience = p.audience.trim();
  return requestTokens(client, grant, signal);
}

/** Whether a token expiring at `expiresAt` should be refreshed now (within `marginMs` of expiry, or past it). */
export function needsRefresh(expiresAt: Date | null, marginMs: number, now = Date.now()): boolean {
  return expiresAt !== null && expiresAt.getTime() - marginMs <= now;
}

/**
 * The OAuth2 client a credential's fields describe (`tokenUrl`, `clientId`, `clientSecret`,
 * `clientAuthentication`), or which field is missing.
 */
export function oauth2ClientOf(fields: Record<string, unknown>): { ok: true; client: OAuth2Client } | { ok: false; field: string; message: string } {
  const text = (key: string) => (typeof fields[key] === "string" ? (fields[key] as string).trim() : "");
  const tokenUrl = text("tokenUrl");
  if (!/^https?:\/\//.test(tokenUrl)) return { ok: false, field: "tokenUrl", message: "give the application's token URL (http:// or https://)" };
  const clientId = text("clientId");
  if (clientId === "") return { ok: false, field: "clientId", message: "give the client id the application gave you" };
  const clientSecret = text("clientSecret");
  const clientAuthentication = fields.clientAuthentication === "body" ? "body" : "basic";
  return { ok: true, client: { tokenUrl, clientId, clientSecret: clientSecret === "" ? undefined : clientSecret, clientAuthentication } };
}

/** Which field of a credential an OAuth2 refusal points at (a wrong client secret, an unreachable token URL), if any. */
export function fieldAtFault(error: OAuth2Error): string | undefined {
  if (error.code === "invalid_client" || error.code === "unauthorized_client") return "clientSecret";
  if (error.code === "unreachable" || error.code === "invalid_token_url" || error.code === "http_404") return "tokenUrl";
  if (error.code === "invalid_scope") return "scope";
  return undefined;
}
