import { z } from "zod";
import { createHash, randomBytes } from "node:crypto";
import { inspect } from "node:util";

/** The variable the platform reads its encryption key from. */
export const ENCRYPTION_KEY_VARIABLE = "INTERFLOW_ENCRYPTION_KEY";

const KEY_BYTES = 32;

/**
 * A 256-bit key that seals credentials' secrets. `id` (the first 8 hex digits of the key's sha256)
 * is written into every envelope so that rotation tells old from new; the key itself never shows
 * up in logs or JSON.
 */
export class EncryptionKey {
  readonly id: string;
  readonly #bytes: Buffer;

  constructor(bytes: Buffer) {
    if (bytes.length !== KEY_BYTES) throw new Error(`an encryption key is ${KEY_BYTES} bytes, not ${bytes.length}`);
    this.#bytes = Buffer.from(bytes);
    this.id = createHash("sha256").update(bytes).digest("hex").slice(0, 8);
  }

  /** The raw key, for the cipher only. */
  bytes(): Buffer {
    return this.#bytes;
  }

  toJSON(): { id: string } {
    return { id: this.id };
  }

  toString(): string {
    return `EncryptionKey(${this.id})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

function decodeKey(text: string): Buffer | null {
  // all hex digits: hex (a base64 key made only of hex digits is too unlikely to matter)
  if (/^([0-9a-f]{2})+$/i.test(text)) return Buffer.from(text, "hex");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  const base64 = text.replaceAll("-", "+").replaceAll("_", "/");
  const bytes = Buffer.from(base64, "base64");
  // Node's decoder skips what it cannot read: accept only text that is exactly these bytes
  return bytes.toString("base64").replace(/=+$/, "") === base64.replace(/=+$/, "") ? bytes : null;
}

/**
 * Reads a key written as 64 hex digits or as base64 / base64url (what `openssl rand -base64 32`
 * prints). Anything else is refused with an error naming `variable`, never quoting the value.
 */
export function parseEncryptionKey(text: string, variable = ENCRYPTION_KEY_VARIABLE): EncryptionKey {
  const bytes = decodeKey(text.trim());
  const how = "32 random bytes as 64 hex digits or as base64, e.g. from `openssl rand -base64 32`";
  if (!bytes) throw new Error(`${variable} must be ${how}; it is neither hex nor base64`);
  if (bytes.length !== KEY_BYTES) throw new Error(`${variable} must be ${how}; it holds ${bytes.length} bytes`);
  return new EncryptionKey(bytes);
}

/** A new random key, in the base64 form `parseEncryptionKey` reads (for a data directory's key file). */
export function generateEncryptionKey(): string {
  return randomBytes(KEY_BYTES).toString("base64");
}

/**
 * INTERFLOW_ENCRYPTION_KEY as an environment schema reads it (zod): absent or empty → undefined, a
 * malformed key → an issue in the parser's words (never quoting the value). The apps' env.ts use it.
 */
export const optionalEncryptionKeySchema = z
  .string()
  .optional()
  .transform((text, ctx): EncryptionKey | undefined => {
    if (text === undefined || text === "") return undefined;
    try {
      return parseEncryptionKey(text, ENCRYPTION_KEY_VARIABLE);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  });
