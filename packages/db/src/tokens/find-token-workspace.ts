import type { Db } from "../db";
import type { WorkspaceRole } from "../members/member-role";
import { API_TOKEN_PREFIX, hashApiToken } from "./api-token";

/** lastUsedAt is written at most this often per token, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface TokenOwner {
  workspaceId: string;
  tokenId: string;
  tokenName: string;
  /** the person the token acts for; null for the installation's admin token */
  user: { id: string; email: string; name: string } | null;
  /** the person's role in the workspace now (owner for the admin token) */
  role: WorkspaceRole;
}

/**
 * What a token acts as; null when the token is unknown, revoked or expired, or its person is no
 * longer a member of the token's workspace.
 */
export async function findTokenWorkspace(db: Db, p: { token: string }): Promise<TokenOwner | null> {
  if (!p.token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await db.prisma.apiToken.findUnique({
    where: { tokenHash: hashApiToken(p.token) },
    include: { user: { select: { id: true, email: true, name: true, memberships: { select: { workspaceId: true, role: true } } } } },
  });
  const now = new Date();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  let role: WorkspaceRole = "owner";
  if (row.userId) {
    const membership = row.user?.memberships.find((m) => m.workspaceId === row.workspaceId);
    if (!membership) return null;
    role = membership.role;
  }
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
    await db.prisma.apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  const user = row.user ? { id: row.user.id, email: row.user.email, name: row.user.name } : null;
  return { workspaceId: row.workspaceId, tokenId: row.id, tokenName: row.name, user, role };
}
