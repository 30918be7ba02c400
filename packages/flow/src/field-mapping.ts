/**
 * A step's mapping as the designer shows it: one row per input field, each a JSONata expression.
 * Rows are stored as one JSONata object (`{ "field": expression, … }`) in `node.mapping`, so the
 * runner evaluates exactly what "developer mode" shows; a mapping written by hand that is not
 * such an object is edited as one expression instead.
 */
export interface FieldMappingRow {
  key: string;
  expression: string;
}

/** One JSONata object from the rows, a field per line; rows without a key or expression are left out. */
export function composeFieldMapping(rows: readonly FieldMappingRow[]): string | undefined {
  const used = rows.filter((row) => row.key.trim() !== "" && row.expression.trim() !== "");
  if (used.length === 0) return undefined;
  return `{\n${used.map((row) => `  ${JSON.stringify(row.key.trim())}: ${row.expression.trim()}`).join(",\n")}\n}`;
}

/**
 * Splits `text` at top-level occurrences of `separator`, outside strings, comments and brackets.
 * Returns undefined when brackets or strings are unbalanced.
 */
function splitTopLevel(text: string, separator: string, limit = Number.POSITIVE_INFINITY): string[] | undefined {
  const parts: string[] = [];
  const closing: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '"' || ch === "'" || ch === "`") {
      let j = i + 1;
      while (j < text.length && text[j] !== ch) j += text[j] === "\\" ? 2 : 1;
      if (j >= text.length) return undefined;
      i = j;
    } else if (ch === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) return undefined;
      i = end + 1;
    } else if (ch === "(" || ch === "[" || ch === "{") {
      closing.push(ch === "(" ? ")" : ch === "[" ? "]" : "}");
    } else if (ch === ")" || ch === "]" || ch === "}") {
      if (closing.pop() !== ch) return undefined;
    } else if (ch === separator && closing.length === 0 && parts.length < limit - 1) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (closing.length > 0) return undefined;
  parts.push(text.slice(start));
  return parts;
}

/** The rows of a mapping that is one JSONata object with literal keys; undefined for any other expression. */
export function parseFieldMapping(source: string | undefined): FieldMappingRow[] | undefined {
  if (source === undefined || source.trim() === "") return [];
  const text = source.trim();
  if (!text.startsWith("{") || !text.endsWith("}")) return undefined;
  // the braces must enclose the whole expression (not `{…}.x` or `{…} ~> $f`)
  const whole = splitTopLevel(text.slice(1, -1), "\u0000");
  if (!whole) return undefined;
  const inner = text.slice(1, -1).trim();
  if (inner === "") return [];
  const entries = splitTopLevel(inner, ",");
  if (!entries) return undefined;
  const rows: FieldMappingRow[] = [];
  for (const entry of entries) {
    const pair = splitTopLevel(entry, ":", 2);
    if (pair?.length !== 2) return undefined;
    const rawKey = (pair[0] as string).trim();
    const expression = (pair[1] as string).trim();
    if (!/^"(?:[^"\\]|\\.)*"$|^'(?:[^'\\]|\\.)*'$/.test(rawKey) || expression === "") return undefined;
    const key = rawKey.startsWith('"') ? (JSON.parse(rawKey) as string) : rawKey.slice(1, -1);
    rows.push({ key, expression });
  }
  return rows;
}

export interface SamplePath {
  /** the JSONata path, e.g. `customer.name`, `$steps.webhook.total`, `$headers.method` */
  path: string;
  /** the sample's value there (for arrays: of the first item), shortened for display */
  example: string;
  type: "string" | "number" | "boolean" | "object" | "array" | "null";
}

function typeOf(value: unknown): SamplePath["type"] {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value === "object" ? "object" : (typeof value as "string" | "number" | "boolean");
}

function exampleOf(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? "null");
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const SIMPLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `$steps.<id>` of a step, quoted when the id holds a `-` (which JSONata would read as minus). */
export function stepsPathOf(stepId: string): string {
  return step("$steps", stepId);
}

function step(prefix: string, key: string): string {
  const part = SIMPLE_NAME.test(key) ? key : `\`${key.replace(/`/g, "")}\``;
  return prefix ? `${prefix}.${part}` : part;
}

/**
 * Every field of a sample as a JSONata path, for autocomplete and the sample tree: objects are
 * walked, arrays through their first item (JSONata maps a path over every item). Bounded in depth
 * and count so a large sample cannot stall the designer.
 */
export function samplePaths(value: unknown, prefix = "", limits = { depth: 6, count: 400 }): SamplePath[] {
  const out: SamplePath[] = [];
  const walk = (current: unknown, path: string, depth: number) => {
    if (out.length >= limits.count) return;
    if (path) out.push({ path, example: exampleOf(current), type: typeOf(current) });
    if (depth >= limits.depth) return;
    const inner = Array.isArray(current) ? current[0] : current;
    if (inner !== null && typeof inner === "object" && !Array.isArray(inner)) {
      for (const [key, child] of Object.entries(inner)) walk(child, step(path, key), depth + 1);
    }
  };
  walk(value, prefix, 0);
  return out;
}

const ROW_START = /^ {2}("(?:[^"\\]|\\.)*"): /;

/**
 * Where a position of a mapping composed of rows (composeFieldMapping's layout, one field per line)
 * falls: the row's field and the position within the row's own expression — what the person typed,
 * not the object the rows are stored as. Undefined when the mapping is not laid out that way (it
 * was written as one expression: its positions are the person's own).
 */
export function locateInFieldMapping(source: string, position: number): { key: string; position: number } | undefined {
  let offset = 0;
  let found: { key: string; start: number } | undefined;
  for (const line of source.split("\n")) {
    const row = ROW_START.exec(line);
    if (row) {
      const start = offset + row[0].length;
      if (start > position) break;
      found = { key: JSON.parse(row[1] as string) as string, start };
    }
    offset += line.length + 1;
  }
  return found && { key: found.key, position: Math.max(0, position - found.start) };
}

/** An expression error of a mapping, worded for the person: the field and the position in its own expression when the mapping is made of rows. */
export function mappingErrorText(source: string, error: { message: string; position?: number }): string {
  const message = error.message.replace(/ \(at character \d+\)$/, "");
  if (error.position === undefined) return message;
  const at = locateInFieldMapping(source, error.position);
  return at ? `field "${at.key}": ${message} (at character ${at.position} of its expression)` : `${message} (at character ${error.position})`;
}
