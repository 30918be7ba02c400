import { type Db, type ExecutionKeeping, getFlowById, listFlowsInStates, readStreamCursor, type StoredFailure, writeStepRecords } from "@interflow/db";
import { DEFAULT_EXECUTION_MODE, KEY_PREFIX, keys, type Redis } from "@interflow/queue";
import type { Logger } from "../flow-controller";

export interface RecordedFlow {
  id: string;
  name: string;
  workspaceId: string;
  keeping: ExecutionKeeping;
  errorFlowId: string | null;
}

export interface RecorderSettings {
  /** how often the streams are looked at when there was nothing to write */
  intervalMs: number;
  /** stream entries (jobs) written per flow per statement */
  entriesPerWrite: number;
}

const DEFAULTS: RecorderSettings = { intervalMs: 200, entriesPerWrite: 200 };
/** the flow list (states, settings) is read again after this */
const FLOWS_TTL_MS = 2_000;
const STREAM_MATCH = `${KEY_PREFIX}:{*}:records`;
const DELETE_IF_EMPTY = `if redis.call("xlen", KEYS[1]) == 0 then return redis.call("del", KEYS[1]) end
return 0`;

/**
 * The leader's writer of executions: takes what runners handed over in each flow's records stream
 * (see @interflow/queue executions.ts) and writes it to PostgreSQL in bulk — one statement per flow
 * and batch, with the stream cursor, so nothing is written twice or skipped after a crash. Then
 * the written entries leave the stream, and new failed messages are told to the flow's error flow.
 */
export class ExecutionRecorder {
  private readonly cursors = new Map<string, string>();
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

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await Promise.allSettled(this.busy.values());
  }

  /** Writes everything the flow's stream holds now (its runners have stopped: nothing more comes). */
  async flush(flowId: string): Promise<void> {
    this.extra.add(flowId);
    this.flows.delete(flowId);
    while ((await this.writeOnce(flowId)) > 0);
    // a stopped flow's stream, once written, goes (a running flow's runners may append any time)
    if (!(await this.flowsToRead(true)).active.includes(flowId)) await this.deps.redis.eval(DELETE_IF_EMPTY, 1, keys.records(flowId));
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let full = false;
      try {
        const flowIds = (await this.flowsToRead()).all;
        const written = await Promise.all(flowIds.map((id) => this.writeOnce(id)));
        full = written.some((n) => n >= this.settings.entriesPerWrite);
        flowIds.forEach((id, i) => {
          // a stream found empty of a flow that does not run any more needs no further look
          if (written[i] === 0 && !this.active.includes(id)) this.extra.delete(id);
        });
      } catch (error) {
        this.deps.logger.error("executions could not be written; trying again", { error: (error as Error).message });
      }
      if (!full) await new Promise((resolve) => setTimeout(resolve, this.settings.intervalMs));
    }
  }

  private async flowsToRead(fresh = false): Promise<{ active: string[]; all: string[] }> {
    if (fresh || Date.now() - this.activeAt > FLOWS_TTL_MS) {
      const flows = await listFlowsInStates(this.deps.db, { states: ["starting", "running", "sleeping", "stopping", "suspending", "suspended"] });
      this.active = flows.map((f) => f.id);
      for (const f of flows) this.flows.set(f.id, { flow: recordedFlowOf(f), at: Date.now() });
      this.activeAt = Date.now();
    }
    return { active: this.active, all: [...new Set([...this.active, ...this.extra])] };
  }

  private async flowOf(flowId: string): Promise<RecordedFlow | null> {
    const cached = this.flows.get(flowId);
    if (cached && Date.now() - cached.at < FLOWS_TTL_MS) return cached.flow;
    const found = await getFlowById(this.deps.db, { flowId });
    const flow = found ? recordedFlowOf(found) : null;
    this.flows.set(flowId, { flow, at: Date.now() });
    return flow;
  }

  /** One batch of the flow's stream written (one flow at a time); how many entries it took. */
  private writeOnce(flowId: string): Promise<number> {
    const previous = this.busy.get(flowId) ?? Promise.resolve(0);
    const next = previous.catch(() => 0).then(() => this.write(flowId));
    this.busy.set(flowId, next);
    void next.finally(() => {
      if (this.busy.get(flowId) === next) this.busy.delete(flowId);
    }).catch(() => {});
    return next;
  }

  private async write(flowId: string): Promise<number> {
    const { db, redis, logger } = this.deps;
    const key = keys.records(flowId);
    let cursor = this.cursors.get(flowId);
    if (cursor === undefined) cursor = (await readStreamCursor(db, { flowId })) ?? "0-0";
    const reply = (await redis.xread("COUNT", this.settings.entriesPerWrite, "STREAMS", key, cursor)) as Array<[string, Array<[string, string[]]>]> | null;
    const entries = reply?.[0]?.[1] ?? [];
    if (entries.length === 0) {
      this.cursors.set(flowId, cursor);
      return 0;
    }
    const flow = await this.flowOf(flowId);
    const ids = entries.map(([id]) => id);
    const lastEntryId = ids[ids.length - 1] as string;
    if (!flow) {
      // the flow was deleted: what it left cannot be shown anywhere
      await redis.del(key);
      logger.warn("records of a deleted flow dropped", { flowId, entries: entries.length });
      return 0;
    }
    const texts = entries.map(([, fields]) => fields[fields.indexOf("r") + 1] ?? "[]");
    let failures: StoredFailure[];
    try {
      failures = await writeStepRecords(db, { workspaceId: flow.workspaceId, flowId, keeping: flow.keeping, records: joinEntries(texts), lastEntryId });
    } catch (error) {
      if (entries.length === 1) {
        failures = await this.setAside(flow, lastEntryId, texts[0] as string, error as Error);
      } else {
        // one entry PostgreSQL refuses must not hold up the others: one at a time, the bad one set aside
        failures = [];
        for (const [i, id] of ids.entries()) {
          const text = texts[i] as string;
          failures.push(
            ...(await writeStepRecords(db, { workspaceId: flow.workspaceId, flowId, keeping: flow.keeping, records: joinEntries([text]), lastEntryId: id }).catch((e: Error) =>
              this.setAside(flow, id, text, e),
            )),
          );
        }
      }
    }
    this.cursors.set(flowId, lastEntryId);
    await redis.xdel(key, ...ids);
    if (failures.length > 0 && this.deps.onFailures) {
      await this.deps.onFailures(flow, failures).catch((e: Error) => logger.error("failed messages could not be told to the error flow", { flowId, error: e.message }));
    }
    return entries.length;
  }

  /**
   * An entry PostgreSQL refuses while it answers otherwise: kept in Redis as it was (counted, for a
   * person to look at), the cursor moved past it. While PostgreSQL is away nothing is set aside.
   */
  private async setAside(flow: RecordedFlow, entryId: string, text: string, error: Error): Promise<StoredFailure[]> {
    await this.deps.db.prisma.$queryRawUnsafe("SELECT 1").catch(() => {
      throw error;
    });
    this.deps.logger.error("a records entry could not be written; it is set aside", { flowId: flow.id, entryId, error: error.message });
    await this.deps.redis
      .multi()
      .lpush(keys.unwritableRecords(flow.id), text)
      .hincrby(keys.stats(flow.id), "executions.unwritable", 1)
      .exec();
    await writeStepRecords(this.deps.db, { workspaceId: flow.workspaceId, flowId: flow.id, keeping: flow.keeping, records: "[]", lastEntryId: entryId });
    return [];
  }
}

/** The stream entries' record arrays as one JSON array (text only: the bodies are never parsed here). */
function joinEntries(texts: string[]): string {
  const inner = texts.map((t) => t.trim().slice(1, -1).trim()).filter((t) => t.length > 0);
  return `[${inner.join(",")}]`;
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
