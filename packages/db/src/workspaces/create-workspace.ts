import type { Db } from "../db";

export async function createWorkspace(db: Db, p: { name: string; limited?: boolean }): Promise<{ id: string; name: string }> {
  const workspace = await db.prisma.workspace.create({ data: { name: p.name, limited: p.limited ?? false } });
  return { id: workspace.id, name: workspace.name };
}
