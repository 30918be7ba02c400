import type { Db } from "../db";
import { newApiToken } from "./api-token";

/**
 * Returns the plaintext token: the only time it is known. A token of a person (`userId`) acts with
 * that person's role in the workspace; one without is the installation's admin token (owner).
 */
export async function createApiToken(
  db: Db,
  p: { workspaceId: string; name: string; userId?: string; expiresAt?: Date | null },
): Promise<{ id: string; token: string }> {
  const { token, tokenHash } = newApiToken();
  const row = await db.prisma.apiToken.create({
    data: { workspaceId: p.workspaceId, userId: p.userId ?? null, name: p.name, tokenHash, expiresAt: p.expiresAt ?? null },
  });
  return { id: row.id, token };
}
