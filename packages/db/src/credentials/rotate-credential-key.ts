import { AppError, AppErrorCode } from "@interflow/flow";
import type { Db } from "../db";
import type { EncryptionKey } from "./encryption-key";
import { openOAuthTokens, sealOAuthTokens } from "./oauth-tokens";
import { envelopeKeyId, openSecrets, sealSecrets } from "./secret-envelope";

/** Rotation holds every credential for as long as it takes: far longer than Prisma's 5 s default. */
const ROTATION_TIME_LIMIT_MS = 10 * 60_000;

function openCredentialSecrets(key: EncryptionKey, row: { id: string; name: string; secrets: string }) {
  try {
    return openSecrets({ key, credentialId: row.id, envelope: row.secrets });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new AppError(AppErrorCode.Internal, `credential "${row.name}" (${row.id}): ${why}; nothing was rotated`);
  }
}

function openCredentialTokens(key: EncryptionKey, row: { id: string; name: string; oauthTokens: string }) {
  try {
    return openOAuthTokens({ key, credentialId: row.id, envelope: row.oauthTokens });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new AppError(AppErrorCode.Internal, `credential "${row.name}" (${row.id}), its OAuth2 tokens: ${why}; nothing was rotated`);
  }
}

/**
 * Re-encrypts every credential of the installation from key `from` to key `to`, in one transaction:
 * all of them, or (on any failure) none. Credentials already sealed with `to` are skipped, so running
 * it again after a crash or a partial restore is safe; one sealed with any third key stops it before
 * anything is written. Credentials created meanwhile wait for it (the rows are locked).
 */
export async function rotateCredentialKey(db: Db, p: { from: EncryptionKey; to: EncryptionKey }): Promise<{ rotated: number; skipped: number }> {
  if (p.from.id === p.to.id) throw new AppError(AppErrorCode.BadRequest, `the new encryption key is the old one (key ${p.to.id}): generate a new key to rotate to`);
  return db.prisma.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<Array<{ id: string; name: string; secrets: string; oauthTokens: string | null }>>`
        SELECT id, name, secrets, "oauthTokens" FROM "Credential" ORDER BY "createdAt", id FOR UPDATE`;
      const keyIds = rows.map((row) => envelopeKeyId(row.secrets));
      const foreign = keyIds.filter((keyId) => keyId !== p.from.id && keyId !== p.to.id);
      if (foreign.length > 0) {
        throw new AppError(
          AppErrorCode.BadRequest,
          `${foreign.length} credential(s) are sealed with key ${[...new Set(foreign)].join(", ")}, neither the old key (${p.from.id}) nor the new one (${p.to.id}): nothing was rotated`,
        );
      }
      const toRotate = rows.filter((_, i) => keyIds[i] === p.from.id);
      for (const row of toRotate) {
        const secrets = openCredentialSecrets(p.from, row);
        // an OAuth2 credential's granted tokens are sealed with the same key: they move with it
        const tokens = row.oauthTokens === null ? null : openCredentialTokens(p.from, { ...row, oauthTokens: row.oauthTokens });
        const sealedTokens = tokens === null ? null : sealOAuthTokens({ key: p.to, credentialId: row.id, tokens });
        // raw, so that updatedAt keeps saying when a person last changed the credential
        await tx.$executeRaw`UPDATE "Credential" SET secrets = ${sealSecrets({ key: p.to, credentialId: row.id, secrets })}, "oauthTokens" = ${sealedTokens} WHERE id = ${row.id}`;
      }
      return { rotated: toRotate.length, skipped: rows.length - toRotate.length };
    },
    { timeout: ROTATION_TIME_LIMIT_MS, maxWait: 30_000 },
  );
}
