import type { Db } from "../db";

/**
 * Marks a credential failed because its application refused it while a flow ran (a step's 401, say):
 * verification status `failed`, `message` as the reason, `at` as when it was checked. Not when the
 * credential changed or was verified after `at`: what was refused may not be what is stored any
 * more. Returns whether it was marked.
 */
export async function recordCredentialRefusal(db: Db, p: { workspaceId: string; credentialId: string; message: string; at: Date }): Promise<boolean> {
  const { count } = await db.prisma.credential.updateMany({
    where: { id: p.credentialId, workspaceId: p.workspaceId, updatedAt: { lte: p.at } },
    data: { verificationStatus: "failed", verificationMessage: p.message, verifiedAt: p.at },
  });
  return count > 0;
}
