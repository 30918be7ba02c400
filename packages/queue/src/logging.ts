// One logger for the platform's processes and step runners (pino): JSON lines with a level
// (LOG_LEVEL), error stacks kept, and secrets kept out — by the names of the fields that hold them,
// and by the values this process knows to be secret (a credential's, a password), wherever they
// appear in a line, whoever wrote it (see redactProcessOutput).
import pino from "pino";

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

/** Field names whose values are secrets, at any depth of what is logged. */
export const SECRET_FIELD = /pass(word|phrase)?$|secret|token|authorization|api[-_]?key|private[-_]?key|cookie|credential[-_]?key/i;

export const REDACTED = "[redacted]";

/** What is logged, with the values of secret-named fields replaced (objects and arrays walked, a few levels deep). */
export function redactFields(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return { type: value.name, message: redactValues(value.message), stack: value.stack === undefined ? undefined : redactValues(value.stack) };
  if (value === null || typeof value !== "object") return value;
  // deeper than this is not looked into, so not written either
  if (depth > 6) return "[too deep]";
  if (Array.isArray(value)) return value.map((v) => redactFields(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELD.test(k) && v !== null && v !== undefined && v !== "" ? REDACTED : redactFields(v, depth + 1)]));
}

/**
 * Secret values this process knows (shorter ones would match ordinary text), each with the forms it
 * takes in a line; in the order learnt, a value learnt again moving to the end.
 */
const known = new Map<string, string[]>();
/** the process's own secrets (its environment's): never forgotten */
const pinned = new Set<string>();
/** every form of every known value, longest first (made again after a change) */
let longestFirst: string[] = [];
/**
 * At most this many values are kept besides the pinned ones, the oldest forgotten first (with all
 * their forms): a long-running worker learns a step key at every deployment, and the old ones
 * open nothing once their runners are gone.
 */
const MAX_KNOWN = 2_000;

/**
 * From now on `values` never appear in what this process writes: each becomes [redacted].
 * `pinned`: the process's own secrets, which no number of others pushes out.
 */
export function rememberSecrets(values: Iterable<unknown>, opts: { pinned?: boolean } = {}): void {
  let changed = false;
  for (const value of values) {
    if (typeof value !== "string" || value.length < 6) continue;
    // as it is, and as it appears inside a JSON string
    const forms = [...new Set([value, JSON.stringify(value).slice(1, -1)])];
    if (opts.pinned) pinned.add(value);
    known.delete(value);
    known.set(value, forms);
    changed = true;
  }
  if (!changed) return;
  for (const value of known.keys()) {
    if (known.size - pinned.size <= MAX_KNOWN) break;
    if (!pinned.has(value)) known.delete(value);
  }
  longestFirst = [...new Set([...known.values()].flat())].sort((a, b) => b.length - a.length);
}

/**
 * The secrets a platform process is given in its environment: variables named like a secret
 * (BETTER_AUTH_SECRET, INTERFLOW_ENCRYPTION_KEY, INTERFLOW_TOKEN, …) and the passwords inside
 * connection URLs (DATABASE_URL, REDIS_URL, …). One shorter than 12 characters is left out: a
 * password like Compose's default "interflow" would blank every mention of the word.
 */
export function environmentSecrets(env: Record<string, string | undefined> = process.env): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (/SECRET|_KEY$|TOKEN|PASSWORD/.test(name) && !/^npm_/.test(name)) found.push(value);
    if (/_URL$/.test(name) && value.includes("@")) {
      try {
        // as written in the URL, and as the password it stands for
        const written = new URL(value).password;
        if (written) found.push(written, decodeURIComponent(written));
      } catch {
        // not a URL: nothing to take from it
      }
    }
  }
  return [...new Set(found.filter((value) => value.length >= 12))];
}

/** `text` with every known secret value replaced. */
export function redactValues(text: string): string {
  if (longestFirst.length === 0) return text;
  let out = text;
  // the longest first: a secret inside a longer one must not leave the rest of that one behind
  for (const secret of longestFirst) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

let patched = false;

/**
 * Everything this process writes to stdout and stderr — its logger's lines, a component's
 * console.log, a stack trace — passes redactValues first. Once per process.
 */
export function redactProcessOutput(): void {
  if (patched) return;
  patched = true;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) =>
      write(typeof chunk === "string" ? redactValues(chunk) : Buffer.isBuffer(chunk) && longestFirst.length > 0 ? redactValues(chunk.toString("utf8")) : chunk, ...rest)) as typeof stream.write;
  }
}

function levelOf(level: string | undefined): (typeof LOG_LEVELS)[number] {
  const wanted = (level ?? "info").toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(wanted) ? (wanted as (typeof LOG_LEVELS)[number]) : "info";
}

/**
 * A process's logger: one JSON object per line on stdout (`time`, `level`, `msg`, `service` and
 * `fields` on every line), at `level` (default LOG_LEVEL, else info).
 */
export function createPlatformLogger(p: { service: string; fields?: Record<string, unknown>; level?: string }): Logger {
  redactProcessOutput();
  const log = pino(
    {
      level: levelOf(p.level ?? process.env.LOG_LEVEL),
      base: { service: p.service, ...p.fields },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // written straight to fd 1, past the patched stdout: known secret values are taken out here
      hooks: { streamWrite: redactValues },
    },
    pino.destination({ dest: 1, sync: true }),
  );
  const at =
    (level: "debug" | "info" | "warn" | "error") =>
    (msg: string, fields?: Record<string, unknown>) =>
      fields ? log[level](redactFields(fields) as Record<string, unknown>, msg) : log[level](msg);
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
