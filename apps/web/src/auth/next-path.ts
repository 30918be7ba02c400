/**
 * Where to go after signing in: only a path of this site ("/invite/…"), never another site
 * ("//evil.example", "https://…", "/\\evil.example"), else "/".
 */
export function safeNextPath(next: string | string[] | undefined | null): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.includes("\\")) return "/";
  try {
    const url = new URL(next, "http://interflow.invalid");
    return url.origin === "http://interflow.invalid" ? `${url.pathname}${url.search}${url.hash}` : "/";
  } catch {
    return "/";
  }
}
