/** Headers that describe one connection, not the message (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** Extra hop-by-hop names a `Connection` header lists; null when it lists none. */
function namedByConnection(connection: string | string[] | undefined): Set<string> | null {
  const value = Array.isArray(connection) ? connection.join(",") : connection;
  if (!value) return null;
  const lower = value.toLowerCase();
  if (lower === "keep-alive" || lower === "close") return null;
  const names = new Set<string>();
  for (const name of lower.split(",")) names.add(name.trim());
  // the message's own media type is never a connection detail
  names.delete("content-type");
  return names;
}

/** The request's headers for the message: lower-case names, without hop-by-hop headers. */
export function messageHeadersOf(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  const extraHopByHop = namedByConnection(headers.connection ?? headers.Connection);
  for (const key in headers) {
    const value = headers[key];
    if (value === undefined) continue;
    const name = key.toLowerCase();
    if (HOP_BY_HOP.has(name) || extraHopByHop?.has(name)) continue;
    result[name] = value;
  }
  return result;
}
