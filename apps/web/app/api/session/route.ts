import { getApiServicesFromEnv, SESSION_COOKIE, verifyToken } from "@interflow/api";
import { type NextRequest, NextResponse } from "next/server";
import { connectRequestSchema } from "@/session/connect-request";
import { crossSiteRefusal, isCrossSiteRequest } from "@/session/same-origin";
import { sessionCookieOptions } from "@/session/session-cookie";

export const dynamic = "force-dynamic";

const REFUSED_TOKEN = "This token was refused. Check that you copied all of it, or use a newer one.";
const UNAVAILABLE = "Interflow cannot check tokens right now (its database does not answer). Try again in a moment.";

function errorResponse(status: number, error: string) {
  return NextResponse.json({ error }, { status });
}

/** Connect: checks the token and keeps it in an HTTP-only cookie. */
export async function POST(req: NextRequest) {
  if (isCrossSiteRequest(req)) return crossSiteRefusal();
  if (!req.headers.get("content-type")?.includes("application/json")) {
    return errorResponse(415, 'Send the token as JSON: { "token": "…" }.');
  }
  const body = connectRequestSchema.safeParse(await req.json().catch(() => undefined));
  if (!body.success) return errorResponse(400, body.error.issues[0]?.message ?? "Paste your API token first.");

  let session: Awaited<ReturnType<typeof verifyToken>>;
  try {
    session = await verifyToken(getApiServicesFromEnv(), body.data.token);
  } catch (error) {
    console.error("checking an API token failed:", error);
    return errorResponse(503, UNAVAILABLE);
  }
  if (!session) return errorResponse(401, REFUSED_TOKEN);

  const response = NextResponse.json({ workspaceId: session.workspaceId });
  response.cookies.set(SESSION_COOKIE, body.data.token, sessionCookieOptions(req));
  return response;
}

/** Disconnect: forgets the token. */
export function DELETE(req: NextRequest) {
  if (isCrossSiteRequest(req)) return crossSiteRefusal();
  const response = new NextResponse(null, { status: 204 });
  response.cookies.set(SESSION_COOKIE, "", { ...sessionCookieOptions(req), maxAge: 0 });
  return response;
}
