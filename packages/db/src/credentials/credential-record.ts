import { AppError } from "@interflow/flow";
import type { Credential } from "../generated/prisma/client";
import type { EncryptionKey } from "./encryption-key";
import { maskSecret } from "./mask-secret";
import { isOAuth2AuthKind, type StoredOAuthTokens } from "./oauth-tokens";
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
  /** OAuth2 kinds: whether the application has granted tokens, and until when the access token lives */
  oauth: { connected: boolean; tokenExpiresAt: Date | null } | null;
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
  /** OAuth2 kinds: the tokens the application granted (null: not connected yet) */
  tokens: StoredOAuthTokens | null;
  tokenExpiresAt: Date | null;
}

export function maskedSecretsOf(secrets: SecretFields): Record<string, MaskedSecret> {
  return Object.fromEntries(Object.entries(secrets).map(([field, value]) => [field, { set: true as const, masked: maskSecret(value) }]));
}

export function valuesOf(row: Pick<Credential, "values">): Record<string, unknown> {
  return (row.values ?? {}) as Record<string, unknown>;
}

/**
 * The secret fields masked, or, when they cannot be opened with this key (sealed with another
 * installation's key, say: a new data directory against an old database), none, and why.
 */
function maskedOrRefused(row: Credential, key: EncryptionKey): { secrets: Record<string, MaskedSecret>; refusal: string | null } {
  try {
    return { secrets: maskedSecretsOf(openSecrets({ key, credentialId: row.id, envelope: row.secrets })), refusal: null };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { secrets: {}, refusal: `its secrets cannot be opened with this installation's encryption key (key ${key.id}, ${error.message}): start Interflow with the key they were sealed with, or delete the credential and create it again` };
  }
}

/** The row as it may be shown; opens the secrets with `key` only to mask them. One that cannot be opened shows as failed, saying why. */
export function toCredentialRecord(row: Credential, key: EncryptionKey): CredentialRecord {
  const { secrets, refusal } = maskedOrRefused(row, key);
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    component: row.component,
    authKind: row.authKind,
    values: valuesOf(row),
    secrets,
    verification: refusal ? { status: "failed", message: refusal, verifiedAt: row.verifiedAt } : { status: row.verificationStatus, message: row.verificationMessage, verifiedAt: row.verifiedAt },
    needsReconnection: row.needsReconnection,
    oauth: isOAuth2AuthKind(row.authKind) ? { connected: row.oauthTokens !== null, tokenExpiresAt: row.tokenExpiresAt } : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    createdBy: row.createdBy,
  };
}
