/**
 * The session cookie is sent with every request to this site, so a request that changes
 * something must come from a page of this site (login CSRF, cross-site mutations).
 * Browsers say where a request comes from in Sec-Fetch-Site (and Origin); command-line
 * clients send neither and authenticate with a bearer token instead of the cookie.
 */
export function isCrossSiteRequest(req: Request): boolean {
  const fetchSite = req.headers.get("sec-fetch-site");
  if (fetchSite) return fetchSite !== "same-origin" && fetchSite !== "none";
  const origin = req.headers.get("origin");
  if (!origin) return false;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/** What a refused cross-site request gets: 403, and nothing was done. */
export function crossSiteRefusal(): Response {
  return Response.json({ error: "Cross-site requests are not accepted." }, { status: 403 });
}
