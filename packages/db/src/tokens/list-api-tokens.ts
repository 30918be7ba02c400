import type { Db } from "../db";

export interface ApiTokenRecord {
  id: string;
  name: string;
  /** whose token it is; null for the installation's admin token */
  owner: { id: string; email: string } | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** A workspace's tokens, newest first: one person's (`userId`), or everybody's. Never the token itself. */
export async function listApiTokens(db: Db, p: { workspaceId: string; userId?: string }): Promise<ApiTokenRecord[]> {
  const rows = await db.prisma.apiToken.findMany({
    where: { workspaceId: p.workspaceId, ...(p.userId ? { userId: p.userId } : {}) },
    include: { user: { select: { id: true, email: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    owner: row.user,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  }));
}

/** One token of a workspace, or null. */
export async function getApiToken(db: Db, p: { workspaceId: string; tokenId: string }): Promise<{ id: string; name: string; userId: string | null } | null> {
  return db.prisma.apiToken.findFirst({ where: { id: p.tokenId, workspaceId: p.workspaceId }, select: { id: true, name: true, userId: true } });
}
