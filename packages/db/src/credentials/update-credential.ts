import { AppError, AppErrorCode } from "@interflow/flow";
import type { Db } from "../db";
import type { Credential, Prisma } from "../generated/prisma/client";
import { type CredentialRecord, toCredentialRecord } from "./credential-record";
import { isNameClash, nameTaken } from "./credential-name";
import type { EncryptionKey } from "./encryption-key";
import { openSecrets, type SecretFields, sealSecrets } from "./secret-envelope";

export function credentialNotFound(credentialId: string): AppError {
  return new AppError(AppErrorCode.NotFound, `credential ${credentialId} not found`);
}

/** The secret fields after an update: a string replaces a field, null removes it, a field not named stays. */
function mergeSecrets(stored: SecretFields, changes: Record<string, string | null>): SecretFields {
  const merged = { ...stored };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete merged[field];
    else merged[field] = value;
  }
  return merged;
}

/**
 * Changes what is given: the name; `values` (all of them, replaced); `secrets` field by field (a
 * secret is never read back, so one is replaced only when a new value comes). A credential whose
 * values or secrets change is unverified again. Returns what changed, by field name (never a value).
 */
export async function updateCredential(
  db: Db,
  p: {
    workspaceId: string;
    credentialId: string;
    key: EncryptionKey;
    name?: string;
    values?: Record<string, unknown>;
    secrets?: Record<string, string | null>;
  },
): Promise<{ credential: CredentialRecord; changed: string[] }> {
  try {
    return await db.prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<Credential[]>`
        SELECT * FROM "Credential" WHERE id = ${p.credentialId} AND "workspaceId" = ${p.workspaceId} FOR UPDATE`;
      if (!row) throw credentialNotFound(p.credentialId);
      const changed: string[] = [];
      const data: Prisma.CredentialUpdateInput = {};
      if (p.name !== undefined && p.name !== row.name) {
        data.name = p.name;
        changed.push("name");
      }
      if (p.values !== undefined) {
        data.values = p.values as Prisma.InputJsonObject;
        changed.push("values");
      }
      if (p.secrets !== undefined && Object.keys(p.secrets).length > 0) {
        const stored = openSecrets({ key: p.key, credentialId: row.id, envelope: row.secrets });
        data.secrets = sealSecrets({ key: p.key, credentialId: row.id, secrets: mergeSecrets(stored, p.secrets) });
        changed.push(...Object.keys(p.secrets).map((field) => `secrets.${field}`));
      }
      if (data.values !== undefined || data.secrets !== undefined) {
        // what was verified is not what is stored any more
        data.verificationStatus = "unverified";
        data.verificationMessage = null;
        data.verifiedAt = null;
      }
      const updated = changed.length > 0 ? await tx.credential.update({ where: { id: row.id }, data }) : await tx.credential.findUniqueOrThrow({ where: { id: row.id } });
      return { credential: toCredentialRecord(updated, p.key), changed };
    });
  } catch (error) {
    if (isNameClash(error) && p.name !== undefined) throw nameTaken(p.name);
    throw error;
  }
}

/**
 * Replaces a secret with `secret` and keeps the one it replaces as `previous.<field>` until
 * `previousUntil` (a webhook's senders switch within that grace period: both are taken until
 * then). What was verified stays: the new secret is one the platform made. Returns the credential.
 */
export async function rotateCredentialSecret(
  db: Db,
  p: { workspaceId: string; credentialId: string; key: EncryptionKey; field: string; secret: string; previousUntil: Date },
): Promise<CredentialRecord> {
  return db.prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Credential[]>`
      SELECT * FROM "Credential" WHERE id = ${p.credentialId} AND "workspaceId" = ${p.workspaceId} FOR UPDATE`;
    if (!row) throw credentialNotFound(p.credentialId);
    const stored = openSecrets({ key: p.key, credentialId: row.id, envelope: row.secrets });
    const previous = stored[p.field];
    const secrets = mergeSecrets(stored, { [p.field]: p.secret, [`previous.${p.field}`]: previous ?? null });
    const values = { ...((row.values as Record<string, unknown> | null) ?? {}), previousUntil: previous === undefined ? undefined : p.previousUntil.toISOString() };
    const updated = await tx.credential.update({
      where: { id: row.id },
      data: { secrets: sealSecrets({ key: p.key, credentialId: row.id, secrets }), values: JSON.parse(JSON.stringify(values)) as Prisma.InputJsonObject },
    });
    return toCredentialRecord(updated, p.key);
  });
}
