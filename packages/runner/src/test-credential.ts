import type { SealedSecrets, StepTestCredential } from "@interflow/queue";
import type { StepCredential } from "@interflow/sdk";

/** Opens the sealed secrets of a credential (the installation's encryption key lives in the worker). */
export type OpenSecrets = (sealed: SealedSecrets) => Record<string, unknown>;

export const NO_ENCRYPTION_KEY = "the worker has no INTERFLOW_ENCRYPTION_KEY to open the credential's secrets: start it with the key the web app has";

/**
 * The credential of a step run once for the designer, as its component gets it (`ctx.credential`,
 * as a runner gives it): its values and its secrets, opened here, merged into one set of fields.
 * None when the step's node names none; a reason, quoting no secret, when it cannot be opened.
 */
export function openTestCredential(p: {
  credential: StepTestCredential | undefined;
  openSecrets: OpenSecrets | undefined;
}): { ok: true; credential?: StepCredential } | { ok: false; message: string } {
  const { credential } = p;
  if (!credential) return { ok: true };
  if (!p.openSecrets) return { ok: false, message: NO_ENCRYPTION_KEY };
  try {
    return { ok: true, credential: { authKind: credential.authKind, fields: { ...credential.values, ...p.openSecrets(credential.sealed) } } };
  } catch (error) {
    // the refusal names the key or says the secrets were changed, never what they hold
    return { ok: false, message: `the step's credential: ${(error as Error).message}` };
  }
}
