import type { CredentialRecord } from "@interflow/db";
import { CREDENTIAL_AUTH_KINDS } from "@interflow/sdk";
import { z } from "zod";

export const credentialIdInput = z.object({ id: z.string().trim().min(1, "id: say which credential (its id)") });

export const credentialNameSchema = z.string().trim().min(1, "name: must not be empty").max(120, "name: at most 120 characters");

export const authKindSchema = z.enum(CREDENTIAL_AUTH_KINDS, { error: `authKind: one of ${CREDENTIAL_AUTH_KINDS.join(", ")}` });

/** The fields that are not secret, as entered. */
export const credentialValuesSchema = z.record(z.string().min(1, "field keys must not be empty"), z.unknown());

/**
 * A credential as the API shows it: every secret field only as `{ set: true, masked }`. The schema
 * is the last guard: a plaintext secret in `secrets` fails it, and keys it does not name are dropped.
 */
export const credentialView = z.object({
  id: z.string(),
  name: z.string(),
  component: z.string(),
  authKind: z.string(),
  values: z.record(z.string(), z.unknown()),
  secrets: z.record(z.string(), z.object({ set: z.literal(true), masked: z.string() }).strict()),
  verification: z.object({
    status: z.enum(["unverified", "verified", "failed"]),
    message: z.string().nullable(),
    verifiedAt: z.iso.datetime().nullable(),
  }),
  needsReconnection: z.boolean(),
  /** OAuth2 kinds: whether the application granted tokens, and until when the access token lives (null otherwise) */
  oauth: z.object({ connected: z.boolean(), tokenExpiresAt: z.iso.datetime().nullable() }).nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  createdBy: z.string(),
});
export type CredentialView = z.infer<typeof credentialView>;

export function credentialViewOf(credential: CredentialRecord): CredentialView {
  return {
    id: credential.id,
    name: credential.name,
    component: credential.component,
    authKind: credential.authKind,
    values: credential.values,
    secrets: credential.secrets,
    verification: {
      status: credential.verification.status,
      message: credential.verification.message,
      verifiedAt: credential.verification.verifiedAt?.toISOString() ?? null,
    },
    needsReconnection: credential.needsReconnection,
    oauth: credential.oauth ? { connected: credential.oauth.connected, tokenExpiresAt: credential.oauth.tokenExpiresAt?.toISOString() ?? null } : null,
    createdAt: credential.createdAt.toISOString(),
    updatedAt: credential.updatedAt.toISOString(),
    createdBy: credential.createdBy,
  };
}
