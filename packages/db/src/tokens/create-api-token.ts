import type { Db } from "../db";
import { newApiToken } from "./api-token";

/** Returns the plaintext token: the only time it is known. */
export async function createApiToken(db: Db, p: { workspaceId: string; name: string; expiresAt?: Date }): Promise<{ id: string; token: string }> {
  const { token, tokenHash } = newApiToken();
  const row = await db.prisma.apiToken.create({ data: { workspaceId: p.workspaceId, name: p.name, tokenHash, expiresAt: p.expiresAt ?? null } });
  return { id: row.id, token };
}
