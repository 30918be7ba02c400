import type { NextRequest } from "next/server";

const THIRTY_DAYS_IN_SECONDS = 30 * 24 * 60 * 60;

function isHttps(req: NextRequest): boolean {
  const forwarded = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return forwarded === "https" || req.nextUrl.protocol === "https:";
}

/** HTTP-only so page scripts never see the token; Lax so a link from elsewhere keeps the session. */
export function sessionCookieOptions(req: NextRequest) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: isHttps(req),
    path: "/",
    maxAge: THIRTY_DAYS_IN_SECONDS,
  };
}
