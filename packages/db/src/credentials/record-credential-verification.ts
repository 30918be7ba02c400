import { AppError, AppErrorCode } from "@interflow/flow";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { type CredentialRecord, toCredentialRecord } from "./credential-record";
import type { EncryptionKey } from "./encryption-key";
import type { SealedCredential } from "./get-sealed-credential";
import { credentialNotFound } from "./update-credential";

/**
 * Stores what checking `checked` found: verified, or failed with the reason; `verifiedAt` is when it
 * was checked, either way. Stored only while the credential still holds the values and secrets that
 * were checked: one changed meanwhile is refused (CONFLICT), its result would describe other secrets.
 */
export async function recordCredentialVerification(
  db: Db,
  p: {
    workspaceId: string;
    key: EncryptionKey;
    checked: Pick<SealedCredential, "id" | "values" | "envelope">;
    outcome: { verified: true } | { verified: false; message: string };
    checkedAt: Date;
  },
): Promise<CredentialRecord> {
  const { count } = await db.prisma.credential.updateMany({
    where: { id: p.checked.id, workspaceId: p.workspaceId, secrets: p.checked.envelope, values: { equals: p.checked.values as Prisma.InputJsonObject } },
    data: {
      verificationStatus: p.outcome.verified ? "verified" : "failed",
      verificationMessage: p.outcome.verified ? null : p.outcome.message,
      verifiedAt: p.checkedAt,
    },
  });
  const row = await db.prisma.credential.findFirst({ where: { id: p.checked.id, workspaceId: p.workspaceId } });
  if (!row) throw credentialNotFound(p.checked.id);
  if (count === 0) throw new AppError(AppErrorCode.Conflict, "id: the credential was changed while it was being verified: verify it again");
  return toCredentialRecord(row, p.key);
}
