import type { Db } from "../db";
import { credentialNotFound } from "./update-credential";

/** Deletes a credential of the workspace, its sealed secrets with it; returns its name (for the audit trail). */
export async function deleteCredential(db: Db, p: { workspaceId: string; credentialId: string }): Promise<{ name: string }> {
  const [deleted] = await db.prisma.$queryRaw<Array<{ name: string }>>`
    DELETE FROM "Credential" WHERE id = ${p.credentialId} AND "workspaceId" = ${p.workspaceId} RETURNING name`;
  if (!deleted) throw credentialNotFound(p.credentialId);
  return deleted;
}
