import { AppError, AppErrorCode } from "@interflow/flow";
import type { Db } from "../db";

/** From now on the token authenticates nobody; the row stays for the audit trail. */
export async function revokeApiToken(db: Db, p: { workspaceId: string; tokenId: string }): Promise<void> {
  const { count } = await db.prisma.apiToken.updateMany({
    where: { id: p.tokenId, workspaceId: p.workspaceId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) {
    const exists = await db.prisma.apiToken.count({ where: { id: p.tokenId, workspaceId: p.workspaceId } });
    if (exists === 0) throw new AppError(AppErrorCode.NotFound, `token ${p.tokenId} not found`);
  }
}
