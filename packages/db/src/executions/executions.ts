import { AppError, AppErrorCode } from "@interflow/flow";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";

export const EXECUTION_STATUSES = ["running", "retrying", "ok", "failed", "dropped"] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export interface ExecutionSummary {
  id: string;
  flowId: string;
  flowVersion: number;
  status: ExecutionStatus;
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
  durationMs: number;
  replayOf: string | null;
  hasBodies: boolean;
}

export interface StepRecordView {
  messageId: string;
  parentMessageId: string | null;
  stepId: string;
  attempt: number;
  status: "ok" | "retrying" | "failed" | "dropped";
  startedAt: Date;
  durationMs: number;
  replica: number;
  flowVersion: number;
  outputs: number;
  error: { kind: string; message: string; httpStatus: number | null } | null;
  input: unknown;
  inputCut: boolean;
  inputHeaders: Record<string, unknown> | null;
  output: unknown;
  outputCut: boolean;
}

/** Totals past this are told as "more than" (counting a big table exactly is slow). */
export const COUNT_LIMIT = 100_000;

type ExecutionRow = Prisma.ExecutionGetPayload<object>;

function summaryOf(row: ExecutionRow): ExecutionSummary {
  return {
    id: row.id,
    flowId: row.flowId,
    flowVersion: row.flowVersion,
    status: row.status,
    pending: row.pending,
    retrying: row.retrying,
    steps: row.steps,
    failed: row.failed,
    dropped: row.dropped,
    errorStep: row.errorStep,
    error: row.error,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    durationMs: Math.max(0, row.endedAt.getTime() - row.startedAt.getTime()),
    replayOf: row.replayOf,
    hasBodies: row.hasBodies,
  };
}

export interface ExecutionFilter {
  workspaceId: string;
  flowId: string;
  status?: ExecutionStatus[];
  /** executions that reached this step */
  stepId?: string;
  from?: Date;
  to?: Date;
  /** an execution's id, or the id of any message of it */
  messageId?: string;
}

function whereOf(f: ExecutionFilter): Prisma.ExecutionWhereInput {
  return {
    workspaceId: f.workspaceId,
    flowId: f.flowId,
    ...(f.status?.length ? { status: { in: f.status } } : {}),
    ...(f.from || f.to ? { startedAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
}

/** Ids of the flow's executions that reached `stepId` or hold message `messageId` (step records are keyed by execution). */
async function narrowedIds(db: Db, f: ExecutionFilter): Promise<string[] | undefined> {
  if (!f.stepId && !f.messageId) return undefined;
  const rows = await db.prisma.stepRecord.findMany({
    where: { flowId: f.flowId, ...(f.stepId ? { stepId: f.stepId } : {}), ...(f.messageId ? { messageId: f.messageId } : {}) },
    select: { executionId: true },
    distinct: ["executionId"],
    take: COUNT_LIMIT,
  });
  const ids = rows.map((r) => r.executionId);
  if (f.messageId) ids.push(f.messageId);
  return ids;
}

/**
 * A page of the flow's executions, newest first, and how many match (counted up to COUNT_LIMIT).
 * `before`: the last one of the previous page (its start and id).
 */
export async function listExecutions(
  db: Db,
  p: ExecutionFilter & { limit: number; before?: { startedAt: Date; id: string } },
): Promise<{ items: ExecutionSummary[]; total: number; more: boolean }> {
  const ids = await narrowedIds(db, p);
  const where: Prisma.ExecutionWhereInput = { ...whereOf(p), ...(ids ? { id: { in: ids } } : {}) };
  const page: Prisma.ExecutionWhereInput = p.before
    ? { AND: [where, { OR: [{ startedAt: { lt: p.before.startedAt } }, { startedAt: p.before.startedAt, id: { lt: p.before.id } }] }] }
    : where;
  const [rows, counted] = await Promise.all([
    db.prisma.execution.findMany({ where: page, orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: p.limit + 1 }),
    db.prisma.execution.findMany({ where, select: { id: true }, take: COUNT_LIMIT }).then((r) => r.length),
  ]);
  return { items: rows.slice(0, p.limit).map(summaryOf), total: counted, more: rows.length > p.limit };
}

/** One execution with every step record (oldest first), or NotFound. */
export async function getExecution(db: Db, p: { workspaceId: string; executionId: string }): Promise<ExecutionSummary & { records: StepRecordView[] }> {
  const row = await db.prisma.execution.findFirst({ where: { id: p.executionId, workspaceId: p.workspaceId } });
  if (!row) throw new AppError(AppErrorCode.NotFound, `execution ${p.executionId} not found in this workspace`);
  const records = await recordsOfExecutions(db, { flowId: row.flowId, executionIds: [row.id] });
  return { ...summaryOf(row), records: records.get(row.id) ?? [] };
}

function recordViewOf(r: Prisma.StepRecordGetPayload<object>): StepRecordView {
  return {
    messageId: r.messageId,
    parentMessageId: r.parentMessageId,
    stepId: r.stepId,
    attempt: r.attempt,
    status: r.status,
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    replica: r.replica,
    flowVersion: r.flowVersion,
    outputs: r.outputs,
    error: r.errorKind || r.errorMessage ? { kind: r.errorKind ?? "step-error", message: r.errorMessage ?? "", httpStatus: r.httpStatus } : null,
    input: r.input,
    inputCut: r.inputCut,
    inputHeaders: (r.inputHeaders as Record<string, unknown> | null) ?? null,
    output: r.output,
    outputCut: r.outputCut,
  };
}

/** The step records of several executions of a flow (oldest first), by execution id. */
export async function recordsOfExecutions(db: Db, p: { flowId: string; executionIds: string[] }): Promise<Map<string, StepRecordView[]>> {
  const rows = await db.prisma.stepRecord.findMany({
    where: { flowId: p.flowId, executionId: { in: p.executionIds } },
    orderBy: [{ startedAt: "asc" }, { attempt: "asc" }],
  });
  const found = new Map<string, StepRecordView[]>();
  for (const row of rows) {
    const list = found.get(row.executionId) ?? [];
    list.push(recordViewOf(row));
    found.set(row.executionId, list);
  }
  return found;
}

/** Ids of the flow's executions that started in [from, to) with one of `status` (oldest first, at most `limit`). */
export async function executionIdsBetween(
  db: Db,
  p: { workspaceId: string; flowId: string; from: Date; to: Date; status?: ExecutionStatus[]; limit: number },
): Promise<string[]> {
  const rows = await db.prisma.execution.findMany({
    where: whereOf(p),
    select: { id: true },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    take: p.limit,
  });
  return rows.map((r) => r.id);
}

/** The position (cursor) up to which a flow's records stream has been written, or null. */
export async function readStreamCursor(db: Db, p: { flowId: string }): Promise<string | null> {
  const row = await db.prisma.executionStream.findUnique({ where: { flowId: p.flowId } });
  return row?.lastEntryId ?? null;
}
