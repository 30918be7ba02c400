import type { Db } from "../db";

/** What a flow keeps of its executions (the flow document's `settings.executions`). */
export type ExecutionKeeping = "all" | "errors" | "none";

export const EXECUTION_STATUSES = ["running", "retrying", "ok", "failed", "dropped"] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** What an execution's records add up to. */
export interface ExecutionSums {
  id: string;
  flowVersion: number;
  /** messages of it still on their way */
  pending: number;
  retrying: number;
  steps: number;
  failed: number;
  dropped: number;
  errorStep: string | null;
  error: string | null;
  startedAt: Date;
  endedAt: Date;
  replayOf: string | null;
}

/** An execution's part to write: its records so far (or the ones since it was last written) with their sums. */
export interface ExecutionPart extends ExecutionSums {
  /** the message that started it, when this part holds its entering record */
  messageId: string | null;
  stepIds: string[];
  /** the records as a JSON array text */
  records: string;
  hasBodies: boolean;
  lastEntryId: string;
}

/** A failed message to keep, its envelope as JSON text. */
export interface FailurePart {
  executionId: string;
  messageId: string;
  stepId: string;
  flowVersion: number;
  attempts: number;
  errorKind: string;
  error: string;
  httpStatus: number | null;
  message: string;
  failedAt: Date;
}

/** A failed message stored by a write (new ones only: one written before is not returned again). */
export interface StoredFailure {
  id: string;
  executionId: string;
  messageId: string;
  stepId: string;
  errorKind: string;
  error: string;
  httpStatus: number | null;
  attempts: number;
  failedAt: Date;
  /** the message's meta said it is itself an error notification (its failure notifies nobody) */
  errorNotification: boolean;
  body: unknown;
}

/** An execution's status from its sums: a failure or a drop marks it for good; else it runs while messages are on their way. */
export function executionStatusOf(p: { failed: number; dropped: number; pending: number; retrying: number }): ExecutionStatus {
  if (p.failed > 0) return "failed";
  if (p.dropped > 0) return "dropped";
  if (p.pending > 0) return p.retrying > 0 ? "retrying" : "running";
  return "ok";
}

const SQL_STATUS = (failed: string, dropped: string, pending: string, retrying: string) =>
  `(CASE WHEN ${failed} > 0 THEN 'failed' WHEN ${dropped} > 0 THEN 'dropped' WHEN ${pending} > 0 AND ${retrying} > 0 THEN 'retrying' WHEN ${pending} > 0 THEN 'running' ELSE 'ok' END)::"ExecutionStatus"`;

const SEPARATOR = "\u0001";

/**
 * Writes a batch of a flow's executions and failed messages and moves the flow's stream cursor, in
 * ONE statement: all of it or nothing. An execution written before gets the new part appended to
 * its records and added to its sums. PostgreSQL takes the records as text: nothing parses the bodies.
 */
export async function writeExecutions(
  db: Db,
  p: { workspaceId: string; flowId: string; executions: ExecutionPart[]; failures: FailurePart[]; cursor: string; written: string },
): Promise<StoredFailure[]> {
  const e = p.executions;
  const f = p.failures;
  // each column one text of its values separated by \u0001 (JSON text never holds it raw; other
  // texts have it replaced): no array literal to build and escape, no copy of the records
  const column = (values: ReadonlyArray<string | number | boolean | null>) => values.map((v) => (v === null ? "" : typeof v === "string" ? v : String(v))).join(SEPARATOR);
  const plain = (value: string | null) => (value === null ? null : value.replaceAll(SEPARATOR, "\uFFFD"));
  const result = await db.bulk().query<StoredFailure>(WRITE, [
    p.workspaceId,
    p.flowId,
    p.cursor,
    p.written,
    e.length,
    column(e.map((x) => x.id)),
    column(e.map((x) => x.flowVersion)),
    column(e.map((x) => x.pending)),
    column(e.map((x) => x.retrying)),
    column(e.map((x) => x.steps)),
    column(e.map((x) => x.failed)),
    column(e.map((x) => x.dropped)),
    column(e.map((x) => plain(x.errorStep))),
    column(e.map((x) => plain(x.error))),
    column(e.map((x) => x.startedAt.toISOString())),
    column(e.map((x) => x.endedAt.toISOString())),
    column(e.map((x) => plain(x.replayOf))),
    column(e.map((x) => plain(x.messageId))),
    column(e.map((x) => x.stepIds.map((id) => id.replaceAll(SEPARATOR, "")).join(","))),
    column(e.map((x) => x.records)),
    column(e.map((x) => x.hasBodies)),
    column(e.map((x) => x.lastEntryId)),
    f.length,
    column(f.map((x) => x.executionId)),
    column(f.map((x) => x.messageId)),
    column(f.map((x) => plain(x.stepId))),
    column(f.map((x) => x.flowVersion)),
    column(f.map((x) => x.attempts)),
    column(f.map((x) => plain(x.errorKind))),
    column(f.map((x) => plain(x.error))),
    column(f.map((x) => x.httpStatus)),
    column(f.map((x) => x.message)),
    column(f.map((x) => x.failedAt.toISOString())),
  ]);
  return result.rows;
}

/** The n values of a column text (none when n is 0: an empty text is one empty value). */
const col = (param: number, count: number, cast: string) => `(CASE WHEN $${count} = 0 THEN '{}'::text[] ELSE string_to_array($${param}, chr(1)) END)::${cast}[]`;
/** An empty value is null (nullable columns). */
const nullable = (param: number, count: number) => `(SELECT array_agg(nullif(v, '')) FROM unnest(${col(param, count, "text")}) AS v)`;
const WRITE = `
WITH cursor_moved AS (
  INSERT INTO "ExecutionStream" ("flowId", cursor, written) VALUES ($2::text, $3::text, $4::text)
  ON CONFLICT ("flowId") DO UPDATE SET cursor = EXCLUDED.cursor, written = EXCLUDED.written
),
parts AS (
  SELECT * FROM unnest(${col(6, 5, "text")}, ${col(7, 5, "int")}, ${col(8, 5, "int")}, ${col(9, 5, "int")}, ${col(10, 5, "int")}, ${col(11, 5, "int")},
    ${col(12, 5, "int")}, ${nullable(13, 5)}, ${nullable(14, 5)}, ${col(15, 5, "timestamptz")}, ${col(16, 5, "timestamptz")}, ${nullable(17, 5)}, ${nullable(18, 5)},
    ${col(19, 5, "text")}, ${col(20, 5, "text")}, ${col(21, 5, "boolean")}, ${col(22, 5, "text")})
    AS u(id, "flowVersion", pending, retrying, steps, failed, dropped, "errorStep", error, "startedAt", "endedAt", "replayOf", "messageId", "stepIds", records, "hasBodies", "lastEntryId")
),
executions AS (
  INSERT INTO "Execution" AS x (id, "workspaceId", "flowId", "flowVersion", status, pending, retrying, steps, failed, dropped, "errorStep", error,
    "startedAt", "endedAt", "replayOf", "messageId", "stepIds", records, "hasBodies", "lastEntryId")
  SELECT id, $1::text, $2::text, "flowVersion", ${SQL_STATUS("failed", "dropped", "pending", "retrying")}, pending, retrying, steps, failed, dropped, "errorStep", error,
    "startedAt", "endedAt", "replayOf", "messageId", string_to_array(nullif("stepIds", ''), ','), records, "hasBodies", "lastEntryId"
  FROM parts
  ON CONFLICT (id) DO UPDATE SET
    records = left(x.records, -1) || ',' || substr(EXCLUDED.records, 2),
    pending = x.pending + EXCLUDED.pending,
    retrying = x.retrying + EXCLUDED.retrying,
    steps = x.steps + EXCLUDED.steps,
    failed = x.failed + EXCLUDED.failed,
    dropped = x.dropped + EXCLUDED.dropped,
    "errorStep" = coalesce(x."errorStep", EXCLUDED."errorStep"),
    error = coalesce(x.error, EXCLUDED.error),
    "flowVersion" = least(x."flowVersion", EXCLUDED."flowVersion"),
    "startedAt" = least(x."startedAt", EXCLUDED."startedAt"),
    "endedAt" = greatest(x."endedAt", EXCLUDED."endedAt"),
    "replayOf" = coalesce(x."replayOf", EXCLUDED."replayOf"),
    "messageId" = coalesce(x."messageId", EXCLUDED."messageId"),
    "stepIds" = ARRAY(SELECT DISTINCT unnest(x."stepIds" || EXCLUDED."stepIds")),
    "hasBodies" = x."hasBodies" OR EXCLUDED."hasBodies",
    "lastEntryId" = EXCLUDED."lastEntryId",
    status = ${SQL_STATUS("x.failed + EXCLUDED.failed", "x.dropped + EXCLUDED.dropped", "x.pending + EXCLUDED.pending", "x.retrying + EXCLUDED.retrying")}
)
INSERT INTO "FailedMessage" (id, "workspaceId", "flowId", "flowVersion", "executionId", "messageId", "stepId", attempts, "errorKind", error, "httpStatus", message, "failedAt")
SELECT gen_random_uuid()::text, $1::text, $2::text, "flowVersion", "executionId", "messageId", "stepId", attempts, "errorKind", error, "httpStatus", message::jsonb, "failedAt"
FROM unnest(${col(24, 23, "text")}, ${col(25, 23, "text")}, ${col(26, 23, "text")}, ${col(27, 23, "int")}, ${col(28, 23, "int")}, ${col(29, 23, "text")},
  ${col(30, 23, "text")}, (SELECT array_agg(nullif(v, '')::int) FROM unnest(${col(31, 23, "text")}) AS v), ${col(32, 23, "text")}, ${col(33, 23, "timestamptz")})
  AS u("executionId", "messageId", "stepId", "flowVersion", attempts, "errorKind", error, "httpStatus", message, "failedAt")
ON CONFLICT ("executionId", "messageId", "stepId") DO NOTHING
RETURNING id, "executionId", "messageId", "stepId", "errorKind", error, "httpStatus", attempts, "failedAt",
  coalesce((message -> 'meta' ->> 'errorNotification')::boolean, false) AS "errorNotification", message -> 'body' AS body`;

/** Which of the executions are written already, and the newest stream entry each holds (reading again after a crash). */
export async function writtenEntries(db: Db, p: { flowId: string; ids: string[] }): Promise<Map<string, string>> {
  if (p.ids.length === 0) return new Map();
  const rows = await db.prisma.execution.findMany({ where: { flowId: p.flowId, id: { in: p.ids } }, select: { id: true, lastEntryId: true } });
  return new Map(rows.map((r) => [r.id, r.lastEntryId]));
}

/** Where the worker reads a flow's records stream from, and how far its entries were written (null: never). */
export async function readStreamCursor(db: Db, p: { flowId: string }): Promise<{ cursor: string; written: string } | null> {
  const row = await db.prisma.executionStream.findUnique({ where: { flowId: p.flowId } });
  return row ? { cursor: row.cursor, written: row.written } : null;
}
