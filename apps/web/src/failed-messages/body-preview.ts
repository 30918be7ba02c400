/** A body on one line for a table cell: its JSON with a space after each comma and colon (so it wraps), cut after `max` characters. */
export function bodyPreviewOf(body: unknown, max = 160): string {
  if (body === undefined) return "(no body)";
  const text = typeof body === "string" ? body : (JSON.stringify(body, null, 1)?.replace(/\n\s*/g, " ") ?? String(body));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
