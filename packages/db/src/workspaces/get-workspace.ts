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
}

const select = { id: true, name: true, limited: true, limitMessages: true, limitBytes: true, idleSeconds: true } as const;

function recordOf(row: {
  id: string;
  name: string;
  limited: boolean;
  limitMessages: number | null;
  limitBytes: bigint | null;
  idleSeconds: number | null;
}): WorkspaceRecord {
  return {
    id: row.id,
    name: row.name,
    limited: row.limited,
    limits: { messages: row.limitMessages, bytes: row.limitBytes === null ? null : Number(row.limitBytes) },
    idleSeconds: row.idleSeconds,
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
    },
    select,
  });
  return recordOf(row);
}
