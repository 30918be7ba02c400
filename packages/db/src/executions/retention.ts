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
 * removes those of deleted flows. Every statement handles at most `batch` executions (a short
 * transaction, no long lock); the sweep goes on until nothing is left or `maxBatches` ran.
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
  const workspaces = await db.prisma.workspace.findMany({ select: { id: true, executionRetentionDays: true, bodyRetentionDays: true, executionRowCap: true } });
  for (const w of workspaces) {
    const keepUntil = new Date(now - (w.executionRetentionDays ?? EXECUTION_RETENTION_DEFAULTS.retentionDays) * DAY_MS);
    const bodiesUntil = new Date(now - (w.bodyRetentionDays ?? EXECUTION_RETENTION_DEFAULTS.bodyRetentionDays) * DAY_MS);
    result.executions += await repeat(() => deleteExecutions(db, { where: `"workspaceId" = $1 AND "startedAt" < $2`, args: [w.id, keepUntil], batch }));
    result.bodies += await repeat(() => dropBodies(db, { workspaceId: w.id, before: bodiesUntil, batch }));
    result.failedMessages += await repeat(async () => {
      const rows = await db.prisma.$queryRawUnsafe<Array<{ flowId: string; status: string }>>(
        `DELETE FROM "FailedMessage" WHERE id IN (SELECT id FROM "FailedMessage" WHERE "workspaceId" = $1 AND "failedAt" < $2 LIMIT $3) RETURNING "flowId", status::text`,
        w.id,
        keepUntil,
        batch,
      );
      for (const row of rows) if (row.status === "failed") result.expiredUnresolved.set(row.flowId, (result.expiredUnresolved.get(row.flowId) ?? 0) + 1);
      return rows.length;
    });
    const cap = w.executionRowCap ?? EXECUTION_RETENTION_DEFAULTS.rowCap;
    const [counted] = await db.prisma.$queryRawUnsafe<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM (SELECT 1 FROM "Execution" WHERE "workspaceId" = $1 LIMIT $2) AS capped`,
      w.id,
      cap + batch * maxBatches,
    );
    let over = (counted?.count ?? 0) - cap;
    let trimmed = 0;
    while (over > 0) {
      const n = await deleteExecutions(db, { where: `"workspaceId" = $1`, args: [w.id], batch: Math.min(batch, over), oldestFirst: true });
      if (n === 0) break;
      trimmed += n;
      over -= n;
    }
    if (trimmed > 0) {
      await db.prisma.workspace.update({ where: { id: w.id }, data: { executionsTrimmed: { increment: trimmed } } });
      result.trimmed += trimmed;
    }
  }
  // flows that are gone: their executions and failed messages, then the cursor of their stream
  const gone = await db.prisma.$queryRawUnsafe<Array<{ flowId: string }>>(
    `SELECT s."flowId" FROM "ExecutionStream" s WHERE NOT EXISTS (SELECT 1 FROM "Flow" f WHERE f.id = s."flowId")`,
  );
  for (const { flowId } of gone) {
    result.orphans += await repeat(() => deleteExecutions(db, { where: `"flowId" = $1`, args: [flowId], batch }));
    result.orphans += await repeat(() =>
      db.prisma.$executeRawUnsafe(`DELETE FROM "FailedMessage" WHERE id IN (SELECT id FROM "FailedMessage" WHERE "flowId" = $1 LIMIT $2)`, flowId, batch),
    );
    await db.prisma.executionStream.deleteMany({ where: { flowId } });
  }
  return result;
}

/** Deletes up to `batch` executions matching `where` (oldest first when asked) with their step records. */
async function deleteExecutions(db: Db, p: { where: string; args: unknown[]; batch: number; oldestFirst?: boolean }): Promise<number> {
  const n = p.args.length;
  const rows = await db.prisma.$queryRawUnsafe<Array<{ count: number }>>(
    `WITH doomed AS (SELECT id FROM "Execution" WHERE ${p.where} ${p.oldestFirst ? `ORDER BY "startedAt"` : ""} LIMIT $${n + 1}),
       records AS (DELETE FROM "StepRecord" WHERE "executionId" IN (SELECT id FROM doomed)),
       gone AS (DELETE FROM "Execution" WHERE id IN (SELECT id FROM doomed) RETURNING 1)
     SELECT count(*)::int AS count FROM gone`,
    ...p.args,
    p.batch,
  );
  return rows[0]?.count ?? 0;
}

/** Removes the input and output bodies of up to `batch` successful executions that began before `before`. */
async function dropBodies(db: Db, p: { workspaceId: string; before: Date; batch: number }): Promise<number> {
  const rows = await db.prisma.$queryRawUnsafe<Array<{ count: number }>>(
    `WITH doomed AS (SELECT id FROM "Execution" WHERE "workspaceId" = $1 AND "hasBodies" AND "startedAt" < $2 AND status = 'ok' LIMIT $3),
       records AS (UPDATE "StepRecord" SET input = NULL, "inputHeaders" = NULL, output = NULL WHERE "executionId" IN (SELECT id FROM doomed)),
       marked AS (UPDATE "Execution" SET "hasBodies" = false WHERE id IN (SELECT id FROM doomed) RETURNING 1)
     SELECT count(*)::int AS count FROM marked`,
    p.workspaceId,
    p.before,
    p.batch,
  );
  return rows[0]?.count ?? 0;
}
