import type { EmitOptions, StepCredential, StepFetch, StepLogger } from "./component";

/** Largest snapshot a step may keep (its JSON, UTF-8). */
export const SNAPSHOT_LIMIT_BYTES = 5 * 1024;

export interface PollEmitter {
  /** emits one message (one new or changed record) to every next step */
  data(body: unknown, options?: EmitOptions): void;
  /** what the next run starts from (JSON, at most 5 KB); kept only when the run succeeds */
  snapshot(value: unknown): void;
}

/** What a polling trigger's `poll` receives for one run. */
export interface PollContext<Config> {
  config: Config;
  credential?: StepCredential;
  /** what the last successful run kept (`emit.snapshot`); undefined before the first run or after a reset */
  snapshot: unknown;
  emit: PollEmitter;
  logger: StepLogger;
  /** HTTP requests under the installation's network rules (see StepFetch) */
  fetch: StepFetch;
  /** aborted when the runner shuts down */
  signal: AbortSignal;
  /** when this run started */
  now: Date;
  /** a run someone asked for ("Run now"), not one of the schedule's */
  manual?: boolean;
}

// ---- timestamps with a safety overlap ----------------------------------------------------------

/**
 * Snapshot of a timestamp-polled source: the newest change seen, and the records seen in the
 * overlap window before it (`<time base36>:<hash of id@time>`), so a record is emitted once per
 * change even when the source is asked again for the overlap.
 */
export interface ChangeWindow {
  since: string | null;
  seen: string[];
}

function windowOf(snapshot: unknown): ChangeWindow {
  const s = snapshot as Partial<ChangeWindow> | undefined;
  if (!s || (typeof s.since !== "string" && s.since !== null) || !Array.isArray(s.seen)) return { since: null, seen: [] };
  return { since: s.since ?? null, seen: s.seen.filter((x): x is string => typeof x === "string") };
}

const timeMs = (value: string | number | Date): number => (value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value));
/** FNV-1a, 2 × 32 bits: a short, stable fingerprint (no crypto needed: it only tells records apart) */
function fingerprint(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a.toString(36) + b.toString(36);
}
const seenKey = (id: string, ms: number) => `${ms.toString(36)}:${fingerprint(`${id}@${ms}`)}`;
const seenTime = (key: string) => Number.parseInt(key.slice(0, key.indexOf(":")), 36);

/**
 * From when to ask the source: the snapshot's newest change minus the overlap (records committed
 * late with an earlier time are caught), or null on the first run (ask for everything, or for what
 * the component considers the start).
 */
export function changedSinceQuery(snapshot: unknown, overlapMs = 60_000): Date | null {
  const { since } = windowOf(snapshot);
  return since === null ? null : new Date(Date.parse(since) - overlapMs);
}

/**
 * The records changed since the last run, oldest first, each change once: a record seen before
 * with the same time is skipped, a record whose time moved on is emitted again. Give it what the
 * source answered for `changedSinceQuery(snapshot)`; keep the returned snapshot (`emit.snapshot`).
 * A record without a valid time is skipped and reported in `invalid`.
 */
export function changedSince<T>(
  records: readonly T[],
  p: { snapshot: unknown; timeOf: (record: T) => string | number | Date | null | undefined; idOf: (record: T) => string | number; overlapMs?: number },
): { changed: T[]; snapshot: ChangeWindow; invalid: T[] } {
  const overlapMs = p.overlapMs ?? 60_000;
  const previous = windowOf(p.snapshot);
  const seen = new Set(previous.seen);
  let newest = previous.since === null ? Number.NEGATIVE_INFINITY : Date.parse(previous.since);
  const changed: Array<{ record: T; ms: number }> = [];
  const invalid: T[] = [];
  const fetched: string[] = [];
  for (const record of records) {
    const raw = p.timeOf(record);
    const ms = raw === null || raw === undefined ? Number.NaN : timeMs(raw);
    if (!Number.isFinite(ms)) {
      invalid.push(record);
      continue;
    }
    const key = seenKey(String(p.idOf(record)), ms);
    fetched.push(key);
    if (!seen.has(key)) {
      seen.add(key);
      changed.push({ record, ms });
    }
    if (ms > newest) newest = ms;
  }
  changed.sort((a, b) => a.ms - b.ms);
  const since = Number.isFinite(newest) ? new Date(newest).toISOString() : previous.since;
  const floor = since === null ? Number.NEGATIVE_INFINITY : Date.parse(since) - overlapMs;
  const kept = [...new Set([...previous.seen, ...fetched])].filter((key) => seenTime(key) >= floor).sort();
  return { changed: changed.map((c) => c.record), snapshot: { since, seen: kept }, invalid };
}

// ---- last seen id ---------------------------------------------------------------------------------

/** Snapshot of an id-polled source (ids that only grow: sequences, ULIDs). */
export interface LastSeenId {
  lastId: string | number | null;
}

const idOrder = (a: string | number, b: string | number): number => {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb) && String(a).trim() !== "" && String(b).trim() !== "") return na - nb;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
};

/** The id to ask the source for records after (null on the first run). */
export function afterIdQuery(snapshot: unknown): string | number | null {
  const s = snapshot as Partial<LastSeenId> | undefined;
  return s && (typeof s.lastId === "string" || typeof s.lastId === "number") ? s.lastId : null;
}

/** The records with an id after the snapshot's, in id order, and the snapshot to keep. */
export function afterLastId<T>(records: readonly T[], p: { snapshot: unknown; idOf: (record: T) => string | number }): { fresh: T[]; snapshot: LastSeenId } {
  const last = afterIdQuery(p.snapshot);
  const fresh = records.filter((r) => last === null || idOrder(p.idOf(r), last) > 0).sort((a, b) => idOrder(p.idOf(a), p.idOf(b)));
  const newest = fresh.at(-1);
  return { fresh, snapshot: { lastId: newest === undefined ? last : p.idOf(newest) } };
}
