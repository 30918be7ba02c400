/** What a secret looks like wherever people see it: never the secret itself. */
export const SECRET_MASK = "••••••••";

/** A secret shorter than this is masked whole; a longer one shows its last 4 characters. */
export const MASK_REVEALS_FROM_LENGTH = 20;

/**
 * A secret for display: `••••••••3f9a` for a long one (enough to tell two keys apart), only
 * `••••••••` for a short one such as a password. The mask's length never tells the secret's.
 */
export function maskSecret(secret: string): string {
  const characters = [...secret];
  if (characters.length < MASK_REVEALS_FROM_LENGTH) return SECRET_MASK;
  return `${SECRET_MASK}${characters.slice(-4).join("")}`;
}
