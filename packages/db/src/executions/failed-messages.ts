import { AppError, AppErrorCode, type MessageEnvelope, messageEnvelopeSchema } from "@interflow/flow";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { COUNT_LIMIT } from "./executions";

export const FAILED_MESSAGE_STATUSES = ["failed", "retried", "discarded"] as const;
export type FailedMessageStatus = (typeof FAILED_MESSAGE_STATUSES)[number];

export interface FailedMessageRecord {
  id: string;
  flowId: string;
  flowVersion: number;
  executionId: string;
  messageId: string;
  stepId: string;
  attempts: number;
  errorKind: string;
  error: string;
  httpStatus: number | null;
  /** the envelope as the step got it; its body is what a retry sends */
  message: MessageEnvelope;
  failedAt: Date;
  status: FailedMessageStatus;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  retriedAs: string | null;
}

function recordOf(row: Prisma.FailedMessageGetPayload<object>): FailedMessageRecord {
  return {
    id: row.id,
    flowId: row.flowId,
    flowVersion: row.flowVersion,
    executionId: row.executionId,
    messageId: row.messageId,
    stepId: row.stepId,
    attempts: row.attempts,
    errorKind: row.errorKind,
    error: row.error,
    httpStatus: row.httpStatus,
    message: messageEnvelopeSchema.parse(row.message),
    failedAt: row.failedAt,
    status: row.status,
    resolvedAt: row.resolvedAt,
    resolvedBy: row.resolvedBy,
    retriedAs: row.retriedAs,
  };
}

/** A page of the flow's failed messages (newest first; by default those still failed) and how many match. */
export async function listFailedMessages(
  db: Db,
  p: { workspaceId: string; flowId: string; status?: FailedMessageStatus[]; stepId?: string; limit: number; before?: { failedAt: Date; id: string } },
): Promise<{ items: FailedMessageRecord[]; total: number; more: boolean }> {
  const where: Prisma.FailedMessageWhereInput = {
    workspaceId: p.workspaceId,
    flowId: p.flowId,
    status: { in: p.status?.length ? p.status : ["failed"] },
    ...(p.stepId ? { stepId: p.stepId } : {}),
  };
  const page: Prisma.FailedMessageWhereInput = p.before
    ? { AND: [where, { OR: [{ failedAt: { lt: p.before.failedAt } }, { failedAt: p.before.failedAt, id: { lt: p.before.id } }] }] }
    : where;
  const [rows, total] = await Promise.all([
    db.prisma.failedMessage.findMany({ where: page, orderBy: [{ failedAt: "desc" }, { id: "desc" }], take: p.limit + 1 }),
    db.prisma.failedMessage.findMany({ where, select: { id: true }, take: COUNT_LIMIT }).then((r) => r.length),
  ]);
  return { items: rows.slice(0, p.limit).map(recordOf), total, more: rows.length > p.limit };
}

/**
 * The flow's failed messages that are still failed: the given ones (by id or message id; unknown
 * or resolved ones are refused, naming them), or all of them (oldest first, at most `limit`).
 */
export async function pickFailedMessages(
  db: Db,
  p: { workspaceId: string; flowId: string; ids?: string[]; limit: number },
): Promise<FailedMessageRecord[]> {
  const base = { workspaceId: p.workspaceId, flowId: p.flowId, status: "failed" as const };
  if (!p.ids) {
    const rows = await db.prisma.failedMessage.findMany({ where: base, orderBy: [{ failedAt: "asc" }, { id: "asc" }], take: p.limit });
    return rows.map(recordOf);
  }
  const wanted = [...new Set(p.ids)];
  const rows = await db.prisma.failedMessage.findMany({
    where: { ...base, OR: [{ id: { in: wanted } }, { messageId: { in: wanted } }] },
    orderBy: [{ failedAt: "asc" }, { id: "asc" }],
  });
  const found = new Set(rows.flatMap((r) => [r.id, r.messageId]));
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new AppError(
      AppErrorCode.NotFound,
      `ids: ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ` and ${missing.length - 5} more` : ""} ${missing.length === 1 ? "is" : "are"} not a failed message of this flow (or already retried or discarded)`,
      { missing },
    );
  }
  return rows.map(recordOf);
}

/**
 * Marks failed messages retried (each with the execution its retry started) or discarded, only
 * those still failed: two people acting at once resolve each message once. Returns the ids it marked.
 */
export async function resolveFailedMessages(
  db: Db,
  p: { workspaceId: string; flowId: string; status: "retried" | "discarded"; by: string; retriedAs?: Map<string, string>; ids: string[] },
): Promise<string[]> {
  const now = new Date();
  if (p.status === "discarded") {
    const rows = await db.prisma.failedMessage.updateManyAndReturn({
      where: { workspaceId: p.workspaceId, flowId: p.flowId, status: "failed", id: { in: p.ids } },
      data: { status: "discarded", resolvedAt: now, resolvedBy: p.by },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }
  const marked: string[] = [];
  await db.prisma.$transaction(async (tx) => {
    for (const id of p.ids) {
      const { count } = await tx.failedMessage.updateMany({
        where: { id, workspaceId: p.workspaceId, flowId: p.flowId, status: "failed" },
        data: { status: "retried", resolvedAt: now, resolvedBy: p.by, retriedAs: p.retriedAs?.get(id) ?? null },
      });
      if (count === 1) marked.push(id);
    }
  });
  return marked;
}

/** How many of the flow's messages are failed now (for the dashboard and the flow page). */
export async function countFailedMessages(db: Db, p: { flowIds: string[] }): Promise<Map<string, number>> {
  const rows = await db.prisma.failedMessage.groupBy({ by: ["flowId"], where: { flowId: { in: p.flowIds }, status: "failed" }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.flowId, r._count._all]));
}
