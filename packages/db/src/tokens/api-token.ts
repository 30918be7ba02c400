import { createHash, randomBytes } from "node:crypto";

/** Every Interflow API token starts with this, so a leaked one is easy to recognise. */
export const API_TOKEN_PREFIX = "ifk_";

/** Only this hash is stored; the plaintext token is shown once, when it is created. */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** 256 random bits after a prefix that says what the secret is for. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

export function newApiToken(): { token: string; tokenHash: string } {
  const token = newSecret(API_TOKEN_PREFIX);
  return { token, tokenHash: hashApiToken(token) };
}
