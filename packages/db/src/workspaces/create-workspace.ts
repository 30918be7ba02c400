import type { Db } from "../db";

/** A new workspace; with `ownerId`, that person is its owner. */
export async function createWorkspace(db: Db, p: { name: string; limited?: boolean; ownerId?: string }): Promise<{ id: string; name: string }> {
  const workspace = await db.prisma.workspace.create({
    data: {
      name: p.name,
      limited: p.limited ?? false,
      ...(p.ownerId ? { members: { create: { userId: p.ownerId, role: "owner" } } } : {}),
    },
  });
  return { id: workspace.id, name: workspace.name };
}
