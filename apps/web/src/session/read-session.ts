import { getApiServicesFromEnv, SESSION_COOKIE, verifyToken } from "@interflow/api";
import { cookies } from "next/headers";

export type Session =
  | { status: "connected"; workspaceId: string }
  | { status: "anonymous" }
  /** a session cookie is there, but its token is no longer accepted */
  | { status: "refused" };

/** The session of the request being rendered (server components only). */
export async function readSession(): Promise<Session> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return { status: "anonymous" };
  const verified = await verifyToken(getApiServicesFromEnv(), token);
  return verified ? { status: "connected", workspaceId: verified.workspaceId } : { status: "refused" };
}
