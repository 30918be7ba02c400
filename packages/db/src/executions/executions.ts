import { AppError, AppErrorCode } from "@interflow/flow";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";

import type { ExecutionStatus, ExecutionSums } from "./write-executions";

export interface ExecutionSummary extends ExecutionSums {
  flowId: string;
  status: ExecutionStatus;
  durationMs: number;
  /** the message that started it (a replay keeps its original id) */
  messageId: string;
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
  /** messages whose way ended at this try on purpose: outputs no connection's condition took, or an input a filter did not keep */
  filtered: number;
}

/** Totals past this are told as "more than" (counting a big table exactly is slow). */
export const COUNT_LIMIT = 100_000;

type ExecutionRow = Prisma.ExecutionGetPayload<object>;
const summaryColumns = { records: false } as const;
type SummaryRow = Omit<ExecutionRow, "records">;

function summaryOf(row: SummaryRow): ExecutionSummary {
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
    messageId: row.messageId ?? row.id,
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
  /** an execution's id (the message that started it, as a webhook's 202 names it), or a failed message's message id */
  messageId?: string;
}

function whereOf(f: ExecutionFilter): Prisma.ExecutionWhereInput {
  return {
    workspaceId: f.workspaceId,
    flowId: f.flowId,
    ...(f.status?.length ? { status: { in: f.status } } : {}),
    ...(f.stepId ? { stepIds: { has: f.stepId } } : {}),
    ...(f.from || f.to ? { startedAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
}

/**
 * A page of the flow's executions, newest first, and how many match (counted up to COUNT_LIMIT).
 * `before`: the last one of the previous page (its start and id).
 */
export async function listExecutions(
  db: Db,
  p: ExecutionFilter & { limit: number; before?: { startedAt: Date; id: string } },
): Promise<{ items: ExecutionSummary[]; total: number; more: boolean }> {
  const ids = p.messageId ? await executionsOfMessage(db, { flowId: p.flowId, messageId: p.messageId }) : undefined;
  const where: Prisma.ExecutionWhereInput = { ...whereOf(p), ...(ids ? { id: { in: ids } } : {}) };
  const page: Prisma.ExecutionWhereInput = p.before
    ? { AND: [where, { OR: [{ startedAt: { lt: p.before.startedAt } }, { startedAt: p.before.startedAt, id: { lt: p.before.id } }] }] }
    : where;
  const [rows, counted] = await Promise.all([
    db.prisma.execution.findMany({ where: page, omit: summaryColumns, orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: p.limit + 1 }),
    db.prisma.execution.findMany({ where, select: { id: true }, take: COUNT_LIMIT }).then((r) => r.length),
  ]);
  return { items: rows.slice(0, p.limit).map(summaryOf), total: counted, more: rows.length > p.limit };
}

/** One execution with every step record (oldest first), or NotFound. */
export async function getExecution(db: Db, p: { workspaceId: string; executionId: string }): Promise<ExecutionSummary & { records: StepRecordView[] }> {
  const row = await db.prisma.execution.findFirst({ where: { id: p.executionId, workspaceId: p.workspaceId } });
  if (!row) throw new AppError(AppErrorCode.NotFound, `execution ${p.executionId} not found in this workspace`);
  return { ...summaryOf(row), records: recordsOf(row.records) };
}

/**
 * The stored records (a JSON array text, see @interflow/queue RecordMeta), oldest first, each body
 * filled in where it was sent once: an output that is the input itself, an input that is what the
 * step before emitted (its parent's record, or the poll run's record of the same message).
 */
function recordsOf(text: string): StepRecordView[] {
  const parsed = JSON.parse(text) as Array<Record<string, unknown>>;
  const byMessage = new Map<string, Array<Record<string, unknown>>>();
  for (const r of parsed) {
    const list = byMessage.get(String(r.messageId)) ?? [];
    list.push(r);
    byMessage.set(String(r.messageId), list);
  }
  for (const r of parsed) if (r.outputIsInput === true && r.output == null && r.input != null) r.output = [r.input];
  for (const r of parsed) {
    if (r.inputFromParent !== true || r.input != null) continue;
    const emitted = (x: Record<string, unknown>) => x.status === "ok" && x !== r && (Array.isArray(x.output) || x.outputCut === true);
    const emitter =
      typeof r.parentMessageId === "string"
        ? byMessage.get(r.parentMessageId)?.find(emitted)
        : byMessage.get(String(r.messageId))?.find((x) => emitted(x) && x.stepId !== r.stepId);
    if (!emitter) continue;
    const index = Number(r.outputIndex ?? 0);
    if (emitter.outputCut === true) r.inputCut = true;
    else r.input = (emitter.output as unknown[])[index] ?? null;
    if (r.inputHeaders == null) {
      r.inputHeaders = emitter.outputHeadersAreInput === true ? emitter.inputHeaders : ((emitter.outputHeaders as unknown[] | null | undefined)?.[index] ?? null);
    }
  }
  const views = parsed.map((r): StepRecordView => {
    const errorKind = (r.errorKind as string | null) ?? null;
    const errorMessage = (r.errorMessage as string | null) ?? null;
    return {
      messageId: String(r.messageId),
      parentMessageId: (r.parentMessageId as string | null) ?? null,
      stepId: String(r.stepId),
      attempt: Number(r.attempt),
      status: r.status as StepRecordView["status"],
      startedAt: new Date(Number(r.startedAt)),
      durationMs: Number(r.durationMs),
      replica: Number(r.replica),
      flowVersion: Number(r.flowVersion),
      outputs: Number(r.outputs),
      error: errorKind || errorMessage ? { kind: errorKind ?? "step-error", message: errorMessage ?? "", httpStatus: (r.httpStatus as number | null) ?? null } : null,
      input: r.input ?? null,
      inputCut: r.inputCut === true,
      inputHeaders: (r.inputHeaders as Record<string, unknown> | null) ?? null,
      output: r.output ?? null,
      outputCut: r.outputCut === true,
      filtered: Number(r.filtered ?? 0) || 0,
    };
  });
  return views.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.attempt - b.attempt);
}

/** The step records of several executions of a flow, by execution id. */
export async function recordsOfExecutions(db: Db, p: { flowId: string; executionIds: string[] }): Promise<Map<string, StepRecordView[]>> {
  const rows = await db.prisma.execution.findMany({ where: { flowId: p.flowId, id: { in: p.executionIds } }, select: { id: true, records: true } });
  return new Map(rows.map((row) => [row.id, recordsOf(row.records)]));
}

/**
 * The execution ids a message id leads to: the execution it started (a webhook's 202 names it),
 * those that replay it, and the executions a failed message of that id failed in.
 */
async function executionsOfMessage(db: Db, p: { flowId: string; messageId: string }): Promise<string[]> {
  const [failed, replays] = await Promise.all([
    db.prisma.failedMessage.findMany({ where: { flowId: p.flowId, messageId: p.messageId }, select: { executionId: true }, take: 100 }),
    db.prisma.execution.findMany({ where: { replayOf: p.messageId, flowId: p.flowId }, select: { id: true }, take: 100 }),
  ]);
  return [p.messageId, ...failed.map((f) => f.executionId), ...replays.map((r) => r.id)];
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

