import type { Db } from "../db";
import { type CredentialRecord, toCredentialRecord } from "./credential-record";
import type { EncryptionKey } from "./encryption-key";

/** The workspace's credentials (of one component, when given) by name, secrets masked. */
export async function listCredentials(db: Db, p: { workspaceId: string; key: EncryptionKey; component?: string }): Promise<CredentialRecord[]> {
  const rows = await db.prisma.credential.findMany({
    where: { workspaceId: p.workspaceId, ...(p.component ? { component: p.component } : {}) },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => toCredentialRecord(row, p.key));
}

/** One credential of the workspace, secrets masked; null when the workspace has no such credential. */
export async function getCredential(db: Db, p: { workspaceId: string; credentialId: string; key: EncryptionKey }): Promise<CredentialRecord | null> {
  const row = await db.prisma.credential.findFirst({ where: { id: p.credentialId, workspaceId: p.workspaceId } });
  return row ? toCredentialRecord(row, p.key) : null;
}
