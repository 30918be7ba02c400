import type { Db } from "../db";

export async function getWorkspace(db: Db, p: { workspaceId: string }): Promise<{ id: string; name: string } | null> {
  return db.prisma.workspace.findUnique({ where: { id: p.workspaceId }, select: { id: true, name: true } });
}
