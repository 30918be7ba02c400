import type { Db } from "../db";
import { type DecryptedCredential, valuesOf } from "./credential-record";
import type { EncryptionKey } from "./encryption-key";
import { openOAuthTokens } from "./oauth-tokens";
import { openSecrets } from "./secret-envelope";

/**
 * INTERNAL: a credential with its secrets in the clear, for the worker to hand to the step that
 * uses it. Never return this from the API. Null when the workspace has no such credential, so a
 * flow can only ever use its own workspace's credentials.
 */
export async function getDecryptedCredential(
  db: Db,
  p: { workspaceId: string; credentialId: string; key: EncryptionKey },
): Promise<DecryptedCredential | null> {
  const row = await db.prisma.credential.findFirst({ where: { id: p.credentialId, workspaceId: p.workspaceId } });
  if (!row) return null;
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    component: row.component,
    authKind: row.authKind,
    values: valuesOf(row),
    secrets: openSecrets({ key: p.key, credentialId: row.id, envelope: row.secrets }),
    tokens: row.oauthTokens === null ? null : openOAuthTokens({ key: p.key, credentialId: row.id, envelope: row.oauthTokens }),
    tokenExpiresAt: row.tokenExpiresAt,
  };
}
