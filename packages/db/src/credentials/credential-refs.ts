import type { Db } from "../db";

/** What a flow's step needs to know of a credential: which it is, its name and its component. Nothing of its fields. */
export interface CredentialRef {
  id: string;
  name: string;
  component: string;
}

/**
 * The workspace's credentials with one of these `ids` or `names` (nothing else, and nothing is
 * opened: checking which credentials a flow uses needs no encryption key).
 */
export async function listCredentialRefs(db: Db, p: { workspaceId: string; ids?: readonly string[]; names?: readonly string[] }): Promise<CredentialRef[]> {
  const ids = [...new Set(p.ids ?? [])];
  const names = [...new Set(p.names ?? [])];
  if (ids.length === 0 && names.length === 0) return [];
  return db.prisma.credential.findMany({
    where: { workspaceId: p.workspaceId, OR: [{ id: { in: ids } }, { name: { in: names } }] },
    select: { id: true, name: true, component: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
}
