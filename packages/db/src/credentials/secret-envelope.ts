import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError, AppErrorCode } from "@interflow/flow";
import { z } from "zod";
import type { EncryptionKey } from "./encryption-key";

/**
 * How a credential's secret fields are stored: one AES-256-GCM envelope per credential,
 * `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts, a random 12-byte IV each time). The format
 * version, the key id and the credential's id are authenticated with the ciphertext, so changing any
 * part, or moving the envelope to another credential, makes opening it fail instead of giving garbage.
 */
export const ENVELOPE_VERSION = "v1";

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The secret fields of one credential, by field key. */
export type SecretFields = Record<string, string>;

const secretFieldsSchema = z.record(z.string(), z.string());

interface Envelope {
  version: string;
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function refused(message: string): AppError {
  return new AppError(AppErrorCode.Internal, `credential secrets refused: ${message}`);
}

function additionalData(p: { version: string; keyId: string; credentialId: string }): Buffer {
  return Buffer.from(`interflow-credential:${p.version}:${p.keyId}:${p.credentialId}`);
}

function decodePart(text: string, what: string, bytes?: number): Buffer {
  const decoded = Buffer.from(text, "base64url");
  if (decoded.toString("base64url") !== text) throw refused(`its ${what} is not base64url`);
  if (bytes !== undefined && decoded.length !== bytes) throw refused(`its ${what} is ${decoded.length} bytes, not ${bytes}`);
  return decoded;
}

function parseEnvelope(envelope: string): Envelope {
  const parts = envelope.split(".");
  const [version, keyId, iv, tag, ciphertext] = parts;
  if (parts.length !== 5 || version === undefined || keyId === undefined || iv === undefined || tag === undefined || ciphertext === undefined) {
    throw refused("not a sealed envelope (version.key id.iv.tag.ciphertext)");
  }
  if (version !== ENVELOPE_VERSION) throw refused(`format version "${version.slice(0, 8)}" is unknown to this Interflow (it reads ${ENVELOPE_VERSION})`);
  if (!/^[0-9a-f]{8}$/.test(keyId)) throw refused("its key id is not 8 hex digits");
  return { version, keyId, iv: decodePart(iv, "IV", IV_BYTES), tag: decodePart(tag, "tag", TAG_BYTES), ciphertext: decodePart(ciphertext, "ciphertext") };
}

/** Encrypts one credential's secret fields with `key`, bound to the credential's id. */
export function sealSecrets(p: { key: EncryptionKey; credentialId: string; secrets: SecretFields }): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", p.key.bytes(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData({ version: ENVELOPE_VERSION, keyId: p.key.id, credentialId: p.credentialId }));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(p.secrets), "utf8"), cipher.final()]);
  return [ENVELOPE_VERSION, p.key.id, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

/**
 * The secret fields sealed in `envelope` for this credential. Refused (an AppError that quotes
 * nothing of the envelope) when it was sealed with another key, for another credential, or changed.
 */
export function openSecrets(p: { key: EncryptionKey; credentialId: string; envelope: string }): SecretFields {
  const envelope = parseEnvelope(p.envelope);
  if (envelope.keyId !== p.key.id) {
    throw refused(`they were sealed with encryption key ${envelope.keyId}, and the key given is ${p.key.id}; set INTERFLOW_ENCRYPTION_KEY to the key they were sealed with`);
  }
  const decipher = createDecipheriv("aes-256-gcm", p.key.bytes(), envelope.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(additionalData({ version: envelope.version, keyId: envelope.keyId, credentialId: p.credentialId }));
  decipher.setAuthTag(envelope.tag);
  let plaintext: string;
  try {
    plaintext = Buffer.concat([decipher.update(envelope.ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw refused("they fail their integrity check (changed, or sealed for another credential)");
  }
  const parsed = secretFieldsSchema.safeParse(JSON.parse(plaintext));
  if (!parsed.success) throw refused("they do not hold secret fields");
  return parsed.data;
}

/** The id of the key an envelope was sealed with (what rotation compares), without opening it. */
export function envelopeKeyId(envelope: string): string {
  return parseEnvelope(envelope).keyId;
}
