import type { Db } from "../db";

export interface WorkspaceRecord {
  id: string;
  name: string;
  /** over its limits, a flow of a limited workspace is stopped (messages dropped) instead of suspended */
  limited: boolean;
  /** per step queue, for flows whose document sets none; null: the platform default */
  limits: { messages: number | null; bytes: number | null };
  /** idle period of its ordinary flows whose document sets none; null: the platform default */
  idleSeconds: number | null;
  /** what is kept of executions (null: the platform default, EXECUTION_RETENTION_DEFAULTS) and how many the row cap removed */
  executions: { retentionDays: number | null; bodyRetentionDays: number | null; rowCap: number | null; trimmed: number };
}

/** What a workspace keeps of executions unless it says otherwise. */
export const EXECUTION_RETENTION_DEFAULTS = { retentionDays: 30, bodyRetentionDays: 7, rowCap: 1_000_000 } as const;

const select = {
  id: true,
  name: true,
  limited: true,
  limitMessages: true,
  limitBytes: true,
  idleSeconds: true,
  executionRetentionDays: true,
  bodyRetentionDays: true,
  executionRowCap: true,
  executionsTrimmed: true,
} as const;

function recordOf(row: {
  id: string;
  name: string;
  limited: boolean;
  limitMessages: number | null;
  limitBytes: bigint | null;
  idleSeconds: number | null;
  executionRetentionDays: number | null;
  bodyRetentionDays: number | null;
  executionRowCap: number | null;
  executionsTrimmed: bigint;
}): WorkspaceRecord {
  return {
    id: row.id,
    name: row.name,
    limited: row.limited,
    limits: { messages: row.limitMessages, bytes: row.limitBytes === null ? null : Number(row.limitBytes) },
    idleSeconds: row.idleSeconds,
    executions: {
      retentionDays: row.executionRetentionDays,
      bodyRetentionDays: row.bodyRetentionDays,
      rowCap: row.executionRowCap,
      trimmed: Number(row.executionsTrimmed),
    },
  };
}

export async function getWorkspace(db: Db, p: { workspaceId: string }): Promise<WorkspaceRecord | null> {
  const row = await db.prisma.workspace.findUnique({ where: { id: p.workspaceId }, select });
  return row ? recordOf(row) : null;
}

/** Changes what is given; `null` limits go back to the platform default. */
export async function updateWorkspace(
  db: Db,
  p: {
    workspaceId: string;
    name?: string;
    limited?: boolean;
    limits?: { messages?: number | null; bytes?: number | null };
    idleSeconds?: number | null;
    executions?: { retentionDays?: number | null; bodyRetentionDays?: number | null; rowCap?: number | null };
  },
): Promise<WorkspaceRecord> {
  const row = await db.prisma.workspace.update({
    where: { id: p.workspaceId },
    data: {
      name: p.name,
      limited: p.limited,
      limitMessages: p.limits?.messages,
      limitBytes: p.limits?.bytes === undefined ? undefined : p.limits.bytes === null ? null : BigInt(p.limits.bytes),
      idleSeconds: p.idleSeconds,
      executionRetentionDays: p.executions?.retentionDays,
      bodyRetentionDays: p.executions?.bodyRetentionDays,
      executionRowCap: p.executions?.rowCap,
    },
    select,
  });
  return recordOf(row);
}
