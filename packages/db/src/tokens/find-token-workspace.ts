import type { Db } from "../db";
import { API_TOKEN_PREFIX, hashApiToken } from "./api-token";

/** lastUsedAt is written at most this often per token, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The workspace a token acts for; null when the token is unknown, revoked or expired. */
export async function findTokenWorkspace(
  db: Db,
  p: { token: string },
): Promise<{ workspaceId: string; tokenId: string; tokenName: string } | null> {
  if (!p.token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await db.prisma.apiToken.findUnique({ where: { tokenHash: hashApiToken(p.token) } });
  const now = new Date();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
    await db.prisma.apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  return { workspaceId: row.workspaceId, tokenId: row.id, tokenName: row.name };
}
