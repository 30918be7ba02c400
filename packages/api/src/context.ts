import { findTokenWorkspace } from "@interflow/db";
import type { ApiServices } from "./services";

/** The cookie in which the web app keeps the API token of a browser session. */
export const SESSION_COOKIE = "interflow_token";

/** Who is calling: the token's workspace, or null when no valid token came with the request. */
export interface Caller {
  workspaceId: string;
  tokenId: string;
  tokenName: string;
}

export interface Context {
  services: ApiServices;
  caller: Caller | null;
  /** a token came with the request (it may still have been refused) */
  tokenPresented: boolean;
}

function bearerToken(headers: Headers): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return match?.[1];
}

function cookieToken(headers: Headers): string | undefined {
  for (const pair of (headers.get("cookie") ?? "").split(";")) {
    const [name, ...value] = pair.trim().split("=");
    if (name === SESSION_COOKIE && value.length > 0) {
      try {
        return decodeURIComponent(value.join("=")) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The token's workspace when the token is known, not revoked and not expired. */
export async function verifyToken(services: ApiServices, token: string): Promise<{ workspaceId: string } | null> {
  const found = await findTokenWorkspace(services.db, { token });
  return found ? { workspaceId: found.workspaceId } : null;
}

/** Reads the token from `Authorization: Bearer <token>` or, for browsers, the session cookie. */
export async function createContext(opts: { services: ApiServices; headers: Headers }): Promise<Context> {
  const token = bearerToken(opts.headers) ?? cookieToken(opts.headers);
  const caller = token ? await findTokenWorkspace(opts.services.db, { token }) : null;
  return { services: opts.services, caller, tokenPresented: token !== undefined };
}
