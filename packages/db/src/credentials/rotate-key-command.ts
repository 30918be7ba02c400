import { z } from "zod";
import { createDb } from "../db";
import { ENCRYPTION_KEY_VARIABLE, parseEncryptionKey } from "./encryption-key";
import { rotateCredentialKey } from "./rotate-credential-key";

/** The key credentials are sealed with now, during a rotation: the one being rotated away from. */
export const PREVIOUS_ENCRYPTION_KEY_VARIABLE = "INTERFLOW_PREVIOUS_ENCRYPTION_KEY";

const rotationEnvSchema = z.object({
  DATABASE_URL: z.string({ error: "DATABASE_URL is not set" }).url({ error: "DATABASE_URL must be a postgres:// URL" }),
  [PREVIOUS_ENCRYPTION_KEY_VARIABLE]: z.string({ error: `${PREVIOUS_ENCRYPTION_KEY_VARIABLE} is not set: set it to the key the credentials are encrypted with now` }),
  [ENCRYPTION_KEY_VARIABLE]: z.string({ error: `${ENCRYPTION_KEY_VARIABLE} is not set: set it to the new key (e.g. \`openssl rand -base64 32\`)` }),
});

/**
 * `interflow credential rotate-key`, ready for a command line: re-encrypts every credential from
 * INTERFLOW_PREVIOUS_ENCRYPTION_KEY to INTERFLOW_ENCRYPTION_KEY (keys are read from the environment,
 * never from arguments, which other users of the machine can see). Start the platform with the new
 * key afterwards. Returns what it did, in one line; throws with a message naming what is wrong.
 */
export async function rotateCredentialKeyFromEnv(env: NodeJS.ProcessEnv): Promise<{ rotated: number; skipped: number; summary: string }> {
  const parsed = rotationEnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join("; "));
  const from = parseEncryptionKey(parsed.data[PREVIOUS_ENCRYPTION_KEY_VARIABLE], PREVIOUS_ENCRYPTION_KEY_VARIABLE);
  const to = parseEncryptionKey(parsed.data[ENCRYPTION_KEY_VARIABLE], ENCRYPTION_KEY_VARIABLE);
  const db = createDb(parsed.data.DATABASE_URL);
  try {
    const { rotated, skipped } = await rotateCredentialKey(db, { from, to });
    const summary = `re-encrypted ${rotated} credential(s) from key ${from.id} to key ${to.id}${skipped > 0 ? `; ${skipped} already on key ${to.id}` : ""}`;
    return { rotated, skipped, summary };
  } finally {
    await db.close();
  }
}
