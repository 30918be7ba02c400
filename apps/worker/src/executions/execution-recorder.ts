import { type Db, type ExecutionKeeping, type FailurePart, getFlowById, listFlowsInStates, readStreamCursor, type StoredFailure, writeExecutions, writtenEntries } from "@interflow/db";
import { DEFAULT_EXECUTION_MODE, KEY_PREFIX, keys, type Redis, recordText, splitEntry } from "@interflow/queue";
import type { Logger } from "../flow-controller";
import { compareEntryIds, nextEntryId, OpenExecutions } from "./open-executions";

export interface RecordedFlow {
  id: string;
  name: string;
  workspaceId: string;
  keeping: ExecutionKeeping;
  errorFlowId: string | null;
}

export interface RecorderSettings {
  /** how often the streams are looked at when there was nothing to read */
  intervalMs: number;
  /** stream entries (jobs) read per flow at a time */
  entriesPerRead: number;
  /** an execution still on its way after this long is written as it is (later records are appended to it) */
  holdMs: number;
  /** most executions held per flow before the longest held are written */
  maxOpen: number;
}

const DEFAULTS: RecorderSettings = { intervalMs: 200, entriesPerRead: 500, holdMs: 5_000, maxOpen: 20_000 };
/** the flow list (states, settings) is read again after this */
const FLOWS_TTL_MS = 2_000;
const STREAM_MATCH = `${KEY_PREFIX}:{*}:records`;
const DELETE_IF_EMPTY = `if redis.call("xlen", KEYS[1]) == 0 then return redis.call("del", KEYS[1]) end
return 0`;

/** One flow's reading state: where reading goes on, what is held, how far the database has it. */
interface FlowReading {
  /** read entries after this one */
  readAfter: string;
  /** entries up to this one were written before this worker read them (a crash, a new leader): skip what the rows hold */
  writtenBefore: string;
  open: OpenExecutions;
}

/**
 * The leader's writer of executions: reads what runners hand over in each flow's records stream
 * (see @interflow/queue executions.ts), sums each execution up in memory until it is over (or held
 * long enough), and writes them to PostgreSQL in bulk — one statement per flow and batch, with the
 * stream cursor, so a crash neither loses nor doubles a record. Entries leave the stream once no
 * unwritten record is in them. New failed messages are told to the flow's error flow.
 */
export class ExecutionRecorder {
  private readonly readings = new Map<string, FlowReading>();
  private readonly flows = new Map<string, { flow: RecordedFlow | null; at: number }>();
  /** flows to look at besides those that run: streams found at start, flows just stopped */
  private readonly extra = new Set<string>();
  private readonly busy = new Map<string, Promise<number>>();
  private active: string[] = [];
  private activeAt = 0;
  private stopped = true;
  private loop: Promise<void> | undefined;
  private readonly settings: RecorderSettings;

  constructor(
    private readonly deps: { db: Db; redis: Redis; logger: Logger; onFailures?: (flow: RecordedFlow, failures: StoredFailure[]) => Promise<void> },
    settings: Partial<RecorderSettings> = {},
  ) {
    this.settings = { ...DEFAULTS, ...settings };
  }

  async start(): Promise<void> {
    // streams a previous worker left unwritten (of flows stopped since, too)
    for await (const found of this.deps.redis.scanStream({ match: STREAM_MATCH, count: 1000 })) {
      for (const key of found as string[]) {
        const flowId = /\{(.+)\}/.exec(key)?.[1];
        if (flowId) this.extra.add(flowId);
      }
    }
    this.stopped = false;
    this.loop = this.run();
  }

  /** Stops reading; what is held is written first. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await Promise.allSettled(this.busy.values());
    for (const flowId of this.readings.keys()) await this.step(flowId, true).catch(() => 0);
  }

  /** Writes everything the flow's stream holds now, held executions too (its runners have stopped: nothing more comes). */
  async flush(flowId: string): Promise<void> {
    this.extra.add(flowId);
    this.flows.delete(flowId);
    while ((await this.step(flowId, true)) > 0);
    // a stopped flow's stream, once written, goes (a running flow's runners may append any time)
    if (!(await this.flowsToRead(true)).active.includes(flowId)) await this.deps.redis.eval(DELETE_IF_EMPTY, 1, keys.records(flowId));
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let busy = false;
      try {
        const { all, active } = await this.flowsToRead();
        const read = await Promise.all(all.map((id) => this.step(id, false)));
        busy = read.some((n) => n >= this.settings.entriesPerRead);
        for (const [i, id] of all.entries()) {
          // a stream found empty of a flow that does not run any more needs no further look, and goes
          // (flush may have looked while the flow was still stopping: its state changes just after);
          // its reading goes too (the database keeps the cursor, should the flow start again)
          if (read[i] === 0 && !active.includes(id) && (this.readings.get(id)?.open.size ?? 0) === 0) {
            this.extra.delete(id);
            this.readings.delete(id);
            await this.deps.redis.eval(DELETE_IF_EMPTY, 1, keys.records(id));
          }
        }
      } catch (error) {
        this.deps.logger.error("executions could not be written; trying again", { error: (error as Error).message });
      }
      if (!busy) await new Promise((resolve) => setTimeout(resolve, this.settings.intervalMs));
    }
  }

  private async flowsToRead(fresh = false): Promise<{ active: string[]; all: string[] }> {
    if (fresh || Date.now() - this.activeAt > FLOWS_TTL_MS) {
      const flows = await listFlowsInStates(this.deps.db, { states: ["starting", "running", "sleeping", "stopping", "suspending", "suspended"] });
      this.active = flows.map((f) => f.id);
      for (const f of flows) this.flows.set(f.id, { flow: recordedFlowOf(f), at: Date.now() });
      this.activeAt = Date.now();
    }
    return { active: this.active, all: [...new Set([...this.active, ...this.extra, ...this.readings.keys()])] };
  }

  private async flowOf(flowId: string): Promise<RecordedFlow | null> {
    const cached = this.flows.get(flowId);
    if (cached && Date.now() - cached.at < FLOWS_TTL_MS) return cached.flow;
    const found = await getFlowById(this.deps.db, { flowId });
    const flow = found ? recordedFlowOf(found) : null;
    this.flows.set(flowId, { flow, at: Date.now() });
    return flow;
  }

  /** One read and write of the flow's stream (one flow at a time); how many entries it read. */
  private step(flowId: string, all: boolean): Promise<number> {
    const previous = this.busy.get(flowId) ?? Promise.resolve(0);
    const next = previous.catch(() => 0).then(() => this.readAndWrite(flowId, all));
    this.busy.set(flowId, next);
    void next
      .finally(() => {
        if (this.busy.get(flowId) === next) this.busy.delete(flowId);
      })
      .catch(() => {});
    return next;
  }

  private async readingOf(flowId: string): Promise<FlowReading> {
    let reading = this.readings.get(flowId);
    if (!reading) {
      const stored = await readStreamCursor(this.deps.db, { flowId });
      // the cursor is the oldest entry that may hold unwritten records: read from it on (it included)
      const [ms = "0", seq = "0"] = (stored?.cursor ?? "0-1").split("-");
      const readAfter = Number(seq) > 0 ? `${ms}-${Number(seq) - 1}` : `${Math.max(0, Number(ms) - 1)}-${Number.MAX_SAFE_INTEGER}`;
      reading = { readAfter, writtenBefore: stored?.written ?? "0-0", open: new OpenExecutions() };
      this.readings.set(flowId, reading);
    }
    return reading;
  }

  private async readAndWrite(flowId: string, all: boolean): Promise<number> {
    const { db, redis } = this.deps;
    const key = keys.records(flowId);
    const reading = await this.readingOf(flowId);
    const reply = (await redis.xread("COUNT", this.settings.entriesPerRead, "STREAMS", key, reading.readAfter)) as Array<[string, Array<[string, string[]]>]> | null;
    const entries = reply?.[0]?.[1] ?? [];
    if (entries.length === 0 && reading.open.size === 0) return 0;
    const flow = await this.flowOf(flowId);
    if (!flow) {
      // the flow was deleted: what it left cannot be shown anywhere
      await redis.del(key);
      this.readings.delete(flowId);
      this.deps.logger.warn("records of a deleted flow dropped", { flowId, entries: entries.length });
      return 0;
    }
    // entries the database may have written already (read again after a crash): skip what the rows hold
    const written = entries.some(([id]) => compareEntryIds(id, reading.writtenBefore) <= 0)
      ? await writtenEntries(db, { flowId, ids: [...new Set(entries.flatMap(([, fields]) => splitEntry(fieldOf(fields)).map((p) => executionIdOf(p.meta))))] })
      : undefined;
    const failures: FailurePart[] = [];
    const unreadable: string[] = [];
    for (const [id, fields] of entries) {
      const skip = written && ((executionId: string) => compareEntryIds(id, written.get(executionId) ?? "0-0") <= 0);
      const added = reading.open.add(id, splitEntry(fieldOf(fields)), flow.keeping, skip);
      failures.push(...added.failures);
      for (const parts of added.unreadable) unreadable.push(recordText(parts));
    }
    if (unreadable.length > 0) await this.setAside(flowId, unreadable);
    const lastRead = entries.at(-1)?.[0] ?? reading.readAfter;
    const executions = reading.open.take({ now: Date.now(), holdMs: this.settings.holdMs, maxOpen: this.settings.maxOpen, all });
    if (executions.length === 0 && failures.length === 0 && entries.length === 0) return 0;
    // read again from the oldest entry still holding an unwritten record (after a crash)
    const cursor = reading.open.oldestEntry() ?? nextEntryId(lastRead);
    const stored = await writeExecutions(db, { workspaceId: flow.workspaceId, flowId, executions, failures, cursor, written: lastRead });
    reading.readAfter = lastRead;
    // entries before the cursor hold nothing unwritten any more
    await redis.xtrim(key, "MINID", cursor);
    if (stored.length > 0 && this.deps.onFailures) {
      await this.deps.onFailures(flow, stored).catch((e: Error) => this.deps.logger.error("failed messages could not be told to the error flow", { flowId, error: e.message }));
    }
    return entries.length;
  }

  /** Records whose meta cannot be read: kept in Redis as they came (counted, for a person to look at), never written. */
  private async setAside(flowId: string, records: string[]): Promise<void> {
    this.deps.logger.error("records that cannot be read are set aside", { flowId, records: records.length });
    await this.deps.redis
      .multi()
      .lpush(keys.unwritableRecords(flowId), ...records)
      .hincrby(keys.stats(flowId), "executions.unwritable", records.length)
      .exec();
  }
}

const fieldOf = (fields: string[]) => fields[fields.indexOf("r") + 1] ?? "";

/** The execution id of a record's meta without parsing it whole (its first field). */
function executionIdOf(meta: string): string {
  const match = /^\{"executionId":("(?:[^"\\]|\\.)*")/.exec(meta);
  return match ? (JSON.parse(match[1] as string) as string) : "";
}

function recordedFlowOf(flow: { id: string; name: string; workspaceId: string; document: { settings?: { executions?: ExecutionKeeping; errorFlowId?: string } } }): RecordedFlow {
  return {
    id: flow.id,
    name: flow.name,
    workspaceId: flow.workspaceId,
    keeping: flow.document.settings?.executions ?? DEFAULT_EXECUTION_MODE,
    errorFlowId: flow.document.settings?.errorFlowId ?? null,
  };
}
