/**
 * What a browser may do with the app's answers: scripts only from the app and, in a page, only
 * those carrying the page's nonce ('strict-dynamic': what they load in turn) — an injected inline
 * script has no nonce and does not run; styles from the app and inline (React's style attributes
 * and the canvas' positions); images, fonts and connections from the app alone; no plugins; never
 * inside another site's frame; forms posting only here.
 */
export function contentSecurityPolicy(nonce?: string): string {
  return [
    "default-src 'self'",
    nonce ? `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'` : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
