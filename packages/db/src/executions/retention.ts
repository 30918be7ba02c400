import type { Db } from "../db";
import { EXECUTION_RETENTION_DEFAULTS } from "../workspaces/get-workspace";

const DAY_MS = 24 * 3600_000;

/** What one sweep removed, and (per flow) the failed messages it removed while they were still failed. */
export interface RetentionSweep {
  executions: number;
  bodies: number;
  failedMessages: number;
  trimmed: number;
  orphans: number;
  /** flow id → failed messages nobody retried or discarded, removed after the retention period */
  expiredUnresolved: Map<string, number>;
}

/**
 * Keeps executions and failed messages within each workspace's retention (days) and row cap, and
 * removes those of deleted flows. Every statement handles at most `batch` rows (a short
 * transaction, no long lock), flow by flow on the (flowId, startedAt) index; the sweep goes on
 * until nothing is left or `maxBatches` statements ran for one flow and kind.
 */
export async function sweepRetention(db: Db, p: { now?: Date; batch?: number; maxBatches?: number } = {}): Promise<RetentionSweep> {
  const now = (p.now ?? new Date()).getTime();
  const batch = p.batch ?? 1_000;
  const maxBatches = p.maxBatches ?? 1_000;
  const result: RetentionSweep = { executions: 0, bodies: 0, failedMessages: 0, trimmed: 0, orphans: 0, expiredUnresolved: new Map() };
  const repeat = async (statement: () => Promise<number>): Promise<number> => {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await statement();
      total += n;
      if (n < batch) break;
    }
    return total;
  };
  const workspaces = await db.prisma.workspace.findMany({
    select: { id: true, executionRetentionDays: true, bodyRetentionDays: true, executionRowCap: true, flows: { select: { id: true } } },
  });
  for (const w of workspaces) {
    const keepFrom = new Date(now - (w.executionRetentionDays ?? EXECUTION_RETENTION_DEFAULTS.retentionDays) * DAY_MS);
    const bodiesFrom = new Date(now - (w.bodyRetentionDays ?? EXECUTION_RETENTION_DEFAULTS.bodyRetentionDays) * DAY_MS);
    for (const { id: flowId } of w.flows) {
      result.executions += await repeat(() => deleteExecutions(db, { flowId, before: keepFrom, batch }));
      result.bodies += await dropBodies(db, { flowId, before: bodiesFrom, batch, maxBatches });
      result.failedMessages += await repeat(async () => {
        const rows = await db.prisma.$queryRawUnsafe<Array<{ status: string }>>(
          `DELETE FROM "FailedMessage" WHERE id IN (SELECT id FROM "FailedMessage" WHERE "flowId" = $1 AND "failedAt" < $2 LIMIT $3) RETURNING status::text`,
          flowId,
          keepFrom,
          batch,
        );
        const unresolved = rows.filter((r) => r.status === "failed").length;
        if (unresolved > 0) result.expiredUnresolved.set(flowId, (result.expiredUnresolved.get(flowId) ?? 0) + unresolved);
        return rows.length;
      });
    }
    result.trimmed += await trimToCap(db, { workspaceId: w.id, flowIds: w.flows.map((f) => f.id), cap: w.executionRowCap ?? EXECUTION_RETENTION_DEFAULTS.rowCap, batch });
  }
  // flows that are gone: their executions and failed messages, then the cursor of their stream
  const gone = await db.prisma.$queryRawUnsafe<Array<{ flowId: string }>>(
    `SELECT s."flowId" FROM "ExecutionStream" s WHERE NOT EXISTS (SELECT 1 FROM "Flow" f WHERE f.id = s."flowId")`,
  );
  for (const { flowId } of gone) {
    result.orphans += await repeat(() => deleteExecutions(db, { flowId, batch }));
    result.orphans += await repeat(() =>
      db.prisma.$executeRawUnsafe(`DELETE FROM "FailedMessage" WHERE id IN (SELECT id FROM "FailedMessage" WHERE "flowId" = $1 LIMIT $2)`, flowId, batch),
    );
    await db.prisma.executionStream.deleteMany({ where: { flowId } });
  }
  return result;
}

/** Deletes up to `batch` of the flow's executions (those that began before `before`, when given), oldest first. */
async function deleteExecutions(db: Db, p: { flowId: string; before?: Date; batch: number }): Promise<number> {
  return db.prisma.$executeRawUnsafe(
    `DELETE FROM "Execution" WHERE id IN (SELECT id FROM "Execution" WHERE "flowId" = $1 AND "startedAt" < $2 ORDER BY "startedAt" LIMIT $3)`,
    p.flowId,
    p.before ?? new Date(8.64e15),
    p.batch,
  );
}

/**
 * Removes the input and output bodies from the records of the flow's successful executions that
 * began before `before`: only those since the last sweep's mark (kept per flow), so a sweep never
 * reads again what an earlier one stripped.
 */
async function dropBodies(db: Db, p: { flowId: string; before: Date; batch: number; maxBatches: number }): Promise<number> {
  const mark = await db.prisma.executionStream.findUnique({ where: { flowId: p.flowId }, select: { bodiesKeptFrom: true } });
  let from = mark?.bodiesKeptFrom ?? new Date(0);
  let total = 0;
  for (let i = 0; i < p.maxBatches && from < p.before; i++) {
    const rows = await db.prisma.$queryRawUnsafe<Array<{ count: number; last: Date | null }>>(
      `WITH doomed AS (
         SELECT id, "startedAt" FROM "Execution" WHERE "flowId" = $1 AND "startedAt" >= $2 AND "startedAt" < $3 ORDER BY "startedAt" LIMIT $4
       ), stripped AS (
         UPDATE "Execution" x SET "hasBodies" = false,
           records = (SELECT coalesce(json_agg(r - 'input' - 'output' - 'inputHeaders'), '[]'::json)::text FROM jsonb_array_elements(x.records::jsonb) AS r)
         FROM doomed WHERE x.id = doomed.id AND x.status = 'ok' AND x."hasBodies"
         RETURNING 1
       )
       SELECT (SELECT count(*)::int FROM stripped) AS count, (SELECT max("startedAt") FROM doomed) AS last, (SELECT count(*)::int FROM doomed) AS seen`,
      p.flowId,
      from,
      p.before,
      p.batch,
    );
    const row = rows[0] as { count: number; last: Date | null; seen?: number } | undefined;
    total += row?.count ?? 0;
    const seen = row?.seen ?? 0;
    // executions still on their way when the mark passes them keep their bodies until their own retention ends
    from = seen < p.batch || !row?.last ? p.before : new Date(row.last.getTime() + 1);
  }
  await db.prisma.executionStream.updateMany({ where: { flowId: p.flowId }, data: { bodiesKeptFrom: from } });
  return total;
}

/**
 * Deletes the workspace's oldest executions over its row cap, counting them on the workspace:
 * counted flow by flow, and deleted a batch at a time from the flow whose oldest execution is the
 * oldest (each on the flow's time index).
 */
async function trimToCap(db: Db, p: { workspaceId: string; flowIds: string[]; cap: number; batch: number }): Promise<number> {
  let total = 0;
  for (const flowId of p.flowIds) total += await db.prisma.execution.count({ where: { flowId } });
  let over = total - p.cap;
  let trimmed = 0;
  while (over > 0) {
    const oldest = await Promise.all(
      p.flowIds.map(async (flowId) => ({ flowId, at: (await db.prisma.execution.findFirst({ where: { flowId }, orderBy: { startedAt: "asc" }, select: { startedAt: true } }))?.startedAt })),
    );
    const first = oldest.filter((o) => o.at).sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime())[0];
    if (!first) break;
    const n = await db.prisma.$executeRawUnsafe(
      `DELETE FROM "Execution" WHERE id IN (SELECT id FROM "Execution" WHERE "flowId" = $1 ORDER BY "startedAt" LIMIT $2)`,
      first.flowId,
      Math.min(p.batch, over),
    );
    if (n === 0) break;
    trimmed += n;
    over -= n;
  }
  if (trimmed > 0) await db.prisma.workspace.update({ where: { id: p.workspaceId }, data: { executionsTrimmed: { increment: trimmed } } });
  return trimmed;
}
