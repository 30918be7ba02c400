import { findTokenWorkspace, listMemberships, type Membership, type WorkspaceRole } from "@interflow/db";
import type { ApiServices } from "./services";

/** Which of a signed-in person's workspaces a request acts in: this header, or else this cookie. */
export const WORKSPACE_HEADER = "x-interflow-workspace";
export const WORKSPACE_COOKIE = "interflow_workspace";

export interface Person {
  id: string;
  email: string;
  name: string;
}

/**
 * Who is calling in which workspace, resolved once per request: an API token (of a person, with
 * that person's role; or the installation's admin token, as owner) or a signed-in person (their
 * membership in the chosen workspace).
 */
export type Caller =
  | { kind: "token"; workspaceId: string; role: WorkspaceRole; tokenId: string; tokenName: string; user: Person | null }
  | { kind: "person"; workspaceId: string; role: WorkspaceRole; user: Person };

export interface Context {
  services: ApiServices;
  /** the caller in a workspace; null when there is none (see `refusal`) */
  caller: Caller | null;
  /** the signed-in person, even one who belongs to no workspace (yet): invitations need them */
  person: Person | null;
  /** why there is no caller, in words for the person calling */
  refusal: string | null;
}

const NO_CREDENTIALS = "sign in, or send an API token as `Authorization: Bearer <token>`";
const TOKEN_REFUSED = "the API token is unknown, revoked or expired";
export const NOT_A_MEMBER = "you are not a member of this workspace";
const NO_WORKSPACE = "you are not a member of any workspace yet: open an invitation link from a workspace's owner";

/** The API token of `Authorization: Bearer <token>` (one token, nothing after it), if that is what the request sends. */
export function bearerToken(headers: Headers): string | undefined {
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

/**
 * The membership a request acts in: the header's workspace (refused when not the person's), else
 * the cookie's (a stale cookie falls back), else the first one joined.
 */
function chooseMembership(memberships: Membership[], headers: Headers): Membership | string {
  const explicit = headers.get(WORKSPACE_HEADER);
  if (explicit) return memberships.find((m) => m.workspaceId === explicit) ?? NOT_A_MEMBER;
  const remembered = readCookie(headers, WORKSPACE_COOKIE);
  return memberships.find((m) => m.workspaceId === remembered) ?? memberships[0] ?? NO_WORKSPACE;
}

/**
 * The one place a request's caller is resolved: `Authorization: Bearer <token>` (CLI and scripts),
 * or else the better-auth session cookie of a signed-in person.
 */
export async function createContext(opts: { services: ApiServices; headers: Headers }): Promise<Context> {
  const { services, headers } = opts;
  const token = bearerToken(headers);
  if (token) {
    const found = await findTokenWorkspace(services.db, { token });
    if (!found) return { services, caller: null, person: null, refusal: TOKEN_REFUSED };
    return { services, caller: { kind: "token", ...found }, person: found.user, refusal: null };
  }
  const session = await services.auth.api.getSession({ headers });
  if (!session) return { services, caller: null, person: null, refusal: NO_CREDENTIALS };
  const person = { id: session.user.id, email: session.user.email, name: session.user.name };
  const membership = chooseMembership(await listMemberships(services.db, { userId: person.id }), headers);
  if (typeof membership === "string") return { services, caller: null, person, refusal: membership };
  return { services, caller: { kind: "person", workspaceId: membership.workspaceId, role: membership.role, user: person }, person, refusal: null };
}

/** How the flow history and the audit trail name who did something. */
export function describeCaller(caller: Caller): string {
  if (caller.kind === "person") return caller.user.email;
  return caller.user ? `token '${caller.tokenName}' of ${caller.user.email}` : `token '${caller.tokenName}'`;
}
