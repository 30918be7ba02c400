import type { ExecutionPart, FailurePart } from "@interflow/db";
import { type RecordParts, readRecordMeta } from "@interflow/queue";

/** Stream entry ids ("<ms>-<seq>") in order. */
export function compareEntryIds(a: string, b: string): number {
  const [am = "0", as = "0"] = a.split("-");
  const [bm = "0", bs = "0"] = b.split("-");
  return Number(am) - Number(bm) || Number(as) - Number(bs);
}

/** The id right after `id` (where reading goes on). */
export function nextEntryId(id: string): string {
  const [ms = "0", seq = "0"] = id.split("-");
  return `${ms}-${Number(seq) + 1}`;
}

interface Open {
  part: ExecutionPart;
  /** the records' JSON texts */
  records: string[];
  stepIds: Set<string>;
  firstEntryId: string;
  /** when this worker first saw it */
  seenAt: number;
}

/**
 * The executions whose records the worker has read but not written yet, summed up as their records
 * come in. An execution is written once it is over (no message of it on its way), or when it was
 * held long enough; records that come later are written as a part appended to it. Only the meta
 * of a record is parsed: its bodies stay text.
 */
export class OpenExecutions {
  private readonly open = new Map<string, Open>();

  get size(): number {
    return this.open.size;
  }

  /**
   * Adds an entry's records; returns the failed messages among them (kept at once, whatever
   * becomes of their execution). `skip`: the record is in a part written already (read again
   * after a crash).
   */
  add(
    entryId: string,
    records: RecordParts[],
    keeping: "all" | "errors" | "none",
    skip?: (executionId: string) => boolean,
  ): { failures: FailurePart[]; unreadable: RecordParts[] } {
    const failures: FailurePart[] = [];
    const unreadable: RecordParts[] = [];
    for (const parts of records) {
      const meta = readRecordMeta(parts.meta);
      if (!meta) {
        unreadable.push(parts);
        continue;
      }
      if (skip?.(meta.executionId)) continue;
      const endedAt = meta.startedAt + meta.durationMs;
      if (meta.status === "failed" && parts.message !== "") {
        failures.push({
          executionId: meta.executionId,
          messageId: meta.messageId,
          stepId: meta.stepId,
          flowVersion: meta.flowVersion,
          attempts: meta.attempts,
          errorKind: meta.errorKind ?? "step-error",
          error: meta.errorMessage ?? "failed",
          httpStatus: meta.httpStatus,
          message: parts.message,
          failedAt: new Date(endedAt),
        });
      }
      if (keeping === "none") continue;
      let open = this.open.get(meta.executionId);
      if (!open) {
        open = {
          part: {
            id: meta.executionId,
            flowVersion: meta.flowVersion,
            pending: 0,
            retrying: 0,
            steps: 0,
            failed: 0,
            dropped: 0,
            errorStep: null,
            error: null,
            startedAt: new Date(meta.startedAt),
            endedAt: new Date(endedAt),
            replayOf: meta.replayOf,
            messageId: null,
            stepIds: [],
            records: "",
            hasBodies: false,
            lastEntryId: entryId,
          },
          records: [],
          stepIds: new Set(),
          firstEntryId: entryId,
          seenAt: Date.now(),
        };
        this.open.set(meta.executionId, open);
      }
      const { part } = open;
      // "errors" keeps only the tries that failed (and a retried message's last): an execution's
      // messages on their way cannot be counted, only those waiting for a retry
      if (keeping === "all") part.pending += meta.pending;
      part.retrying += meta.retrying;
      if (meta.status !== "retrying") part.steps += 1;
      if (meta.status === "failed") part.failed += 1;
      if (meta.status === "dropped") part.dropped += 1;
      if ((meta.status === "failed" || meta.status === "dropped") && part.error === null) {
        part.errorStep = meta.stepId;
        part.error = meta.errorMessage;
      }
      if (meta.flowVersion < part.flowVersion) part.flowVersion = meta.flowVersion;
      if (meta.startedAt < part.startedAt.getTime()) part.startedAt = new Date(meta.startedAt);
      if (endedAt > part.endedAt.getTime()) part.endedAt = new Date(endedAt);
      part.replayOf ??= meta.replayOf;
      if (meta.entered) part.messageId ??= meta.messageId;
      part.hasBodies ||= parts.input !== "" || parts.output !== "";
      part.lastEntryId = entryId;
      open.stepIds.add(meta.stepId);
      open.records.push(
        `${parts.meta.slice(0, -1)},"input":${parts.input || "null"},"inputHeaders":${parts.inputHeaders || "null"},"output":${parts.output || "null"}}`,
      );
    }
    return { failures, unreadable };
  }

  /**
   * The executions to write now — those that are over, those held longer than `holdMs`, and when
   * more than `maxOpen` are held the longest held beyond it (all of them with `all`) — taken out.
   */
  take(p: { now: number; holdMs: number; maxOpen: number; all?: boolean }): ExecutionPart[] {
    const taken: ExecutionPart[] = [];
    let excess = this.open.size - p.maxOpen;
    for (const [id, open] of this.open) {
      const over = open.part.pending <= 0 && open.part.retrying <= 0;
      if (p.all || over || p.now - open.seenAt >= p.holdMs || excess > 0) {
        excess--;
        this.open.delete(id);
        taken.push({ ...open.part, stepIds: [...open.stepIds], records: `[${open.records.join(",")}]` });
      }
    }
    return taken;
  }

  /** The oldest entry holding records not written yet (undefined: none is held). */
  oldestEntry(): string | undefined {
    let oldest: string | undefined;
    for (const open of this.open.values()) if (oldest === undefined || compareEntryIds(open.firstEntryId, oldest) < 0) oldest = open.firstEntryId;
    return oldest;
  }
}

