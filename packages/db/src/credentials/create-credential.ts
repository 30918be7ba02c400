import { randomUUID } from "node:crypto";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { type CredentialRecord, toCredentialRecord } from "./credential-record";
import { isNameClash, nameTaken } from "./credential-name";
import type { EncryptionKey } from "./encryption-key";
import { type SecretFields, sealSecrets } from "./secret-envelope";

/**
 * A new, unverified credential of the workspace: `values` stored as they are, `secrets` sealed with
 * `key`. Fields are checked by the caller (against the component's credential declaration).
 */
export async function createCredential(
  db: Db,
  p: {
    workspaceId: string;
    key: EncryptionKey;
    name: string;
    component: string;
    authKind: string;
    values: Record<string, unknown>;
    secrets: SecretFields;
    /** a person's email or `token '<name>'` */
    createdBy: string;
  },
): Promise<CredentialRecord> {
  const id = randomUUID();
  try {
    const row = await db.prisma.credential.create({
      data: {
        id,
        workspaceId: p.workspaceId,
        name: p.name,
        component: p.component,
        authKind: p.authKind,
        values: p.values as Prisma.InputJsonObject,
        secrets: sealSecrets({ key: p.key, credentialId: id, secrets: p.secrets }),
        createdBy: p.createdBy,
      },
    });
    return toCredentialRecord(row, p.key);
  } catch (error) {
    if (isNameClash(error)) throw nameTaken(p.name);
    throw error;
  }
}
