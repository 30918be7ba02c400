import type { Credential } from "../generated/prisma/client";
import type { EncryptionKey } from "./encryption-key";
import { maskSecret } from "./mask-secret";
import { openSecrets, type SecretFields } from "./secret-envelope";

export type CredentialVerificationStatus = "unverified" | "verified" | "failed";

/** A secret field as people see it: that it is set, and its mask. */
export interface MaskedSecret {
  set: true;
  masked: string;
}

/** A credential as it may be shown: its secret fields masked, never their values. */
export interface CredentialRecord {
  id: string;
  workspaceId: string;
  name: string;
  component: string;
  authKind: string;
  /** the fields that are not secret */
  values: Record<string, unknown>;
  /** the secret fields that are set, masked */
  secrets: Record<string, MaskedSecret>;
  verification: { status: CredentialVerificationStatus; message: string | null; verifiedAt: Date | null };
  needsReconnection: boolean;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
}

/** What a step runner gets (through the worker): the values and the secrets in the clear. */
export interface DecryptedCredential {
  id: string;
  workspaceId: string;
  name: string;
  component: string;
  authKind: string;
  values: Record<string, unknown>;
  secrets: SecretFields;
}

export function maskedSecretsOf(secrets: SecretFields): Record<string, MaskedSecret> {
  return Object.fromEntries(Object.entries(secrets).map(([field, value]) => [field, { set: true as const, masked: maskSecret(value) }]));
}

export function valuesOf(row: Pick<Credential, "values">): Record<string, unknown> {
  return (row.values ?? {}) as Record<string, unknown>;
}

/** The row as it may be shown; opens the secrets with `key` only to mask them. */
export function toCredentialRecord(row: Credential, key: EncryptionKey): CredentialRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    component: row.component,
    authKind: row.authKind,
    values: valuesOf(row),
    secrets: maskedSecretsOf(openSecrets({ key, credentialId: row.id, envelope: row.secrets })),
    verification: { status: row.verificationStatus, message: row.verificationMessage, verifiedAt: row.verifiedAt },
    needsReconnection: row.needsReconnection,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    createdBy: row.createdBy,
  };
}
