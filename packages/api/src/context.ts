import { findTokenWorkspace, listMemberships, type WorkspaceRole } from "@interflow/db";
import type { ApiServices } from "./services";

/** The cookie in which the web app keeps an API token (the older way in, before sign-in). */
export const SESSION_COOKIE = "interflow_token";
/** Which of a signed-in person's workspaces a request acts in: this header, or else this cookie. */
export const WORKSPACE_HEADER = "x-interflow-workspace";
export const WORKSPACE_COOKIE = "interflow_workspace";

/**
 * Who is calling, resolved once per request: an API token (its workspace, as owner for now) or a
 * signed-in person (their membership in the chosen workspace).
 */
export type Caller =
  | { kind: "token"; workspaceId: string; role: WorkspaceRole; tokenId: string; tokenName: string }
  | { kind: "person"; workspaceId: string; role: WorkspaceRole; user: { id: string; email: string; name: string } };

export interface Context {
  services: ApiServices;
  caller: Caller | null;
  /** why there is no caller, in words for the person calling */
  refusal: string | null;
}

const NO_CREDENTIALS = "sign in, or send an API token as `Authorization: Bearer <token>`";
const TOKEN_REFUSED = "the API token is unknown, revoked or expired";
const NO_MEMBERSHIP = "you are not a member of this workspace";

function bearerToken(headers: Headers): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return match?.[1];
}

export function readCookie(headers: Headers, name: string): string | undefined {
  for (const pair of (headers.get("cookie") ?? "").split(";")) {
    const [key, ...value] = pair.trim().split("=");
    if (key === name && value.length > 0) {
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

async function tokenCaller(services: ApiServices, token: string): Promise<Caller | null> {
  const found = await findTokenWorkspace(services.db, { token });
  return found ? { kind: "token", role: "owner", ...found } : null;
}

async function personCaller(services: ApiServices, headers: Headers): Promise<{ caller: Caller | null; refusal: string }> {
  const session = await services.auth.api.getSession({ headers });
  if (!session) return { caller: null, refusal: NO_CREDENTIALS };
  const memberships = await listMemberships(services.db, { userId: session.user.id });
  const chosen = headers.get(WORKSPACE_HEADER) ?? readCookie(headers, WORKSPACE_COOKIE);
  const membership = chosen ? memberships.find((m) => m.workspaceId === chosen) : memberships[0];
  if (!membership) return { caller: null, refusal: NO_MEMBERSHIP };
  const { id, email, name } = session.user;
  return { caller: { kind: "person", workspaceId: membership.workspaceId, role: membership.role, user: { id, email, name } }, refusal: "" };
}

/**
 * The one place a request's caller is resolved: `Authorization: Bearer <token>` (CLI), the token
 * cookie, or else the better-auth session cookie of a signed-in person.
 */
export async function createContext(opts: { services: ApiServices; headers: Headers }): Promise<Context> {
  const token = bearerToken(opts.headers) ?? readCookie(opts.headers, SESSION_COOKIE);
  if (token) {
    const caller = await tokenCaller(opts.services, token);
    return { services: opts.services, caller, refusal: caller ? null : TOKEN_REFUSED };
  }
  const { caller, refusal } = await personCaller(opts.services, opts.headers);
  return { services: opts.services, caller, refusal: caller ? null : refusal };
}

/** How the flow history names who asked for a command. */
export function describeCaller(caller: Caller): string {
  return caller.kind === "token" ? `token '${caller.tokenName}'` : `${caller.user.email}`;
}
