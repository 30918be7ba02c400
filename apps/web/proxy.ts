// Every page gets a Content-Security-Policy with a nonce of its own (16 random bytes): Next.js
// reads it from the request's policy and puts it on its scripts as it renders, so only they run —
// no 'unsafe-inline' for scripts. Pages are rendered per request for it (the root layout asks for
// the connection); the app's other answers get the same policy without a nonce (next.config.ts).
import { type NextRequest, NextResponse } from "next/server";
import { contentSecurityPolicy } from "@/security/content-security-policy";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // pages, not the app's API, its static files or a link's prefetch
      source: "/((?!api/|_next/static|_next/image|icon.svg|healthz|readyz|metrics).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
