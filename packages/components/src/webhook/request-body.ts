import { WebhookRequestError } from "@interflow/sdk";

const UTF8_BOM = 0xfeff;

/** The media type of a content-type header, lower-case and without parameters ("" when absent). */
export function mediaTypeOf(contentType: string | string[] | undefined): string {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  if (!value) return "";
  const semicolon = value.indexOf(";");
  return (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase();
}

function isJsonMediaType(mediaType: string): boolean {
  return mediaType === "application/json" || mediaType.endsWith("+json");
}

function utf8Text(body: Buffer): string {
  const text = body.toString("utf8");
  return text.charCodeAt(0) === UTF8_BOM ? text.slice(1) : text;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(utf8Text(body));
  } catch (err) {
    throw new WebhookRequestError(400, `request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** Form fields by name; a field sent more than once becomes an array of its values. */
function parseForm(body: Buffer): Record<string, string | string[]> {
  const fields = new Map<string, string | string[]>();
  for (const [name, value] of new URLSearchParams(body.toString("utf8"))) {
    const previous = fields.get(name);
    if (previous === undefined) fields.set(name, value);
    else if (Array.isArray(previous)) previous.push(value);
    else fields.set(name, [previous, value]);
  }
  // fromEntries defines own properties, so a field named "__proto__" stays a plain field
  return Object.fromEntries(fields);
}

/**
 * Turns a webhook request body into the message body: JSON → its value, a form → its fields,
 * anything else → `{ raw: text }`, nothing → `{}`.
 */
export function parseRequestBody(raw: Uint8Array, mediaType: string): unknown {
  if (raw.length === 0) return {};
  const body = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (isJsonMediaType(mediaType)) return parseJson(body);
  if (mediaType === "application/x-www-form-urlencoded") return parseForm(body);
  return { raw: body.toString("utf8") };
}
