const DELAY_SECONDS = /^\d+$/;
/** every HTTP-date form names its month; this keeps V8's lenient Date.parse away from "-3" or "1.5" */
const NAMES_A_MONTH = /[A-Za-z]{3}/;

/** A `Retry-After` header (delay in seconds or an HTTP-date) in milliseconds from `now`. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (DELAY_SECONDS.test(value)) return Number(value) * 1000;
  const at = NAMES_A_MONTH.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
