import type { Db } from "../db";

/** A credential whose last check failed: which it is, its name, and why (nothing of its fields). */
export interface FailedCredential {
  id: string;
  name: string;
  message: string;
}

/**
 * The workspace's credentials among `ids` whose last check failed: verifying them, or their
 * application refusing them while a flow ran. A credential verified or changed since is not one.
 */
export async function listFailedCredentials(db: Db, p: { workspaceId: string; ids: readonly string[] }): Promise<FailedCredential[]> {
  const ids = [...new Set(p.ids)];
  if (ids.length === 0) return [];
  const rows = await db.prisma.credential.findMany({
    where: { workspaceId: p.workspaceId, id: { in: ids }, verificationStatus: "failed" },
    select: { id: true, name: true, verificationMessage: true },
    orderBy: { id: "asc" },
  });
  return rows.map((row) => ({ id: row.id, name: row.name, message: row.verificationMessage ?? "its last check failed" }));
}
