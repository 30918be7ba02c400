import type { Db } from "../db";

/** What a flow keeps of its executions (the flow document's `settings.executions`). */
export type ExecutionKeeping = "all" | "errors" | "none";

/** A failed message stored by a write (new ones only: a record written before is not returned again). */
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

/**
 * Writes a batch of step records one runner or several handed over (a JSON array text, see
 * @interflow/queue executions.ts) and moves the flow's stream cursor to `lastEntryId`, in ONE
 * statement: the batch and its cursor are written together or not at all, so a batch read again
 * after a crash is skipped by its cursor, never written twice.
 *
 * - step records: every one ("all"), those that are not ok ("errors"), none ("none")
 * - executions (not for "none"): one row per execution, its counts summed over the records
 * - failed messages: every record of a failed message, whatever is kept of executions
 *
 * PostgreSQL parses the records' JSON itself: the worker never parses the bodies.
 */
export async function writeStepRecords(
  db: Db,
  p: { workspaceId: string; flowId: string; keeping: ExecutionKeeping; records: string; lastEntryId: string },
): Promise<StoredFailure[]> {
  const rows = await db.prisma.$queryRawUnsafe<Array<StoredFailure & { failedAt: Date }>>(WRITE_RECORDS, p.records, p.flowId, p.lastEntryId, p.workspaceId, p.keeping);
  return rows;
}

const STATUS = (failed: string, dropped: string, pending: string, retrying: string) =>
  `(CASE WHEN ${failed} > 0 THEN 'failed' WHEN ${dropped} > 0 THEN 'dropped' WHEN ${pending} > 0 AND ${retrying} > 0 THEN 'retrying' WHEN ${pending} > 0 THEN 'running' ELSE 'ok' END)::"ExecutionStatus"`;

const WRITE_RECORDS = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(
    "executionId" text, "messageId" text, "parentMessageId" text, "stepId" text, status text, attempt int,
    "startedAt" bigint, "durationMs" int, replica int, "flowVersion" int, outputs int, pending int, retrying int,
    "replayOf" text, "errorKind" text, "errorMessage" text, "httpStatus" int, input jsonb, "inputCut" boolean,
    "inputHeaders" jsonb, output jsonb, "outputCut" boolean, attempts int, message jsonb)
),
cursor_moved AS (
  INSERT INTO "ExecutionStream" ("flowId", "lastEntryId") VALUES ($2, $3)
  ON CONFLICT ("flowId") DO UPDATE SET "lastEntryId" = EXCLUDED."lastEntryId"
),
steps AS (
  INSERT INTO "StepRecord" ("executionId", "messageId", "stepId", attempt, "flowId", "parentMessageId", status, "startedAt",
    "durationMs", replica, "flowVersion", outputs, "errorKind", "errorMessage", "httpStatus", input, "inputCut", "inputHeaders", output, "outputCut")
  SELECT "executionId", "messageId", "stepId", attempt, $2, "parentMessageId", status::"StepRecordStatus", to_timestamp("startedAt" / 1000.0),
    "durationMs", replica, "flowVersion", outputs, "errorKind", "errorMessage", "httpStatus", input, coalesce("inputCut", false), "inputHeaders", output, coalesce("outputCut", false)
  FROM input
  WHERE $5 = 'all' OR ($5 = 'errors' AND status <> 'ok')
  ON CONFLICT DO NOTHING
),
failed AS (
  INSERT INTO "FailedMessage" (id, "workspaceId", "flowId", "flowVersion", "executionId", "messageId", "stepId", attempts, "errorKind", error,
    "httpStatus", message, "failedAt")
  SELECT gen_random_uuid()::text, $4, $2, "flowVersion", "executionId", "messageId", "stepId", coalesce(attempts, attempt + 1),
    coalesce("errorKind", 'step-error'), coalesce("errorMessage", 'failed'), "httpStatus", message, to_timestamp(("startedAt" + "durationMs") / 1000.0)
  FROM input
  WHERE status = 'failed' AND message IS NOT NULL
  ON CONFLICT ("executionId", "messageId", "stepId") DO NOTHING
  RETURNING id, "executionId", "messageId", "stepId", "errorKind", error, "httpStatus", attempts, "failedAt",
    coalesce((message -> 'meta' ->> 'errorNotification')::boolean, false) AS "errorNotification", message -> 'body' AS body
),
totals AS (
  SELECT "executionId" AS id, min("flowVersion") AS "flowVersion",
    sum(pending)::int AS pending, sum(retrying)::int AS retrying,
    (count(*) FILTER (WHERE status <> 'retrying'))::int AS steps,
    (count(*) FILTER (WHERE status = 'failed'))::int AS failed,
    (count(*) FILTER (WHERE status = 'dropped'))::int AS dropped,
    (array_agg("stepId" ORDER BY "startedAt") FILTER (WHERE status IN ('failed', 'dropped')))[1] AS "errorStep",
    (array_agg("errorMessage" ORDER BY "startedAt") FILTER (WHERE status IN ('failed', 'dropped')))[1] AS error,
    to_timestamp(min("startedAt") / 1000.0) AS "startedAt", to_timestamp(max("startedAt" + "durationMs") / 1000.0) AS "endedAt",
    max("replayOf") AS "replayOf", bool_or(input IS NOT NULL AND input <> 'null'::jsonb OR output IS NOT NULL AND output <> 'null'::jsonb) AS "hasBodies"
  FROM input
  WHERE $5 <> 'none'
  GROUP BY "executionId"
),
executions AS (
  INSERT INTO "Execution" AS x (id, "workspaceId", "flowId", "flowVersion", status, pending, retrying, steps, failed, dropped,
    "errorStep", error, "startedAt", "endedAt", "replayOf", "hasBodies")
  SELECT id, $4, $2, "flowVersion", ${STATUS("failed", "dropped", "pending", "retrying")}, pending, retrying, steps, failed, dropped,
    "errorStep", error, "startedAt", "endedAt", "replayOf", "hasBodies"
  FROM totals
  ON CONFLICT (id) DO UPDATE SET
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
    "hasBodies" = x."hasBodies" OR EXCLUDED."hasBodies",
    status = ${STATUS("x.failed + EXCLUDED.failed", "x.dropped + EXCLUDED.dropped", "x.pending + EXCLUDED.pending", "x.retrying + EXCLUDED.retrying")}
)
SELECT * FROM failed`;
