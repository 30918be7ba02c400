// The key that seals credentials' secrets, for `npm start`, the e2e platform and the test runs.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ENCRYPTION_KEY_VARIABLE, generateEncryptionKey, parseEncryptionKey } from "../packages/db/src/credentials/encryption-key";

/**
 * INTERFLOW_ENCRYPTION_KEY when it is set; else the key of the data directory, made on first use
 * into <dataDir>/encryption-key (0600). Checked either way, so a wrong key stops the start with a
 * message naming the variable or the file, never the key. Lose the file and the credentials sealed
 * with it cannot be opened again: back it up with the database.
 */
export function ensureEncryptionKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const given = env[ENCRYPTION_KEY_VARIABLE];
  if (given) {
    parseEncryptionKey(given);
    return given;
  }
  const file = path.join(dataDir, "encryption-key");
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(file)) writeFileSync(file, `${generateEncryptionKey()}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  const key = readFileSync(file, "utf8").trim();
  parseEncryptionKey(key, file);
  return key;
}

/**
 * Says so when the database holds credentials sealed with another key than this start's (a new
 * data directory against an existing DATABASE_URL, say): they cannot be opened until the platform
 * starts with their key, or they are rotated to this one.
 */
export function warnOfOtherKeys(p: { encryptionKey: string; sealedWith: Record<string, number>; log: (line: string) => void }): void {
  const { id } = parseEncryptionKey(p.encryptionKey);
  const others = Object.entries(p.sealedWith).filter(([keyId]) => keyId !== id);
  if (others.length === 0) return;
  const count = others.reduce((sum, [, n]) => sum + n, 0);
  p.log(
    `warning: ${count} credential(s) are sealed with encryption key ${others.map(([keyId]) => keyId).join(", ")}, not with this start's key ${id}: ` +
      `they cannot be opened (steps using them do not start). Set ${ENCRYPTION_KEY_VARIABLE} to the key they were sealed with, ` +
      `or re-encrypt them to this one (INTERFLOW_PREVIOUS_ENCRYPTION_KEY=<old> ${ENCRYPTION_KEY_VARIABLE}=<this> npm run credential:rotate-key)`,
  );
}
