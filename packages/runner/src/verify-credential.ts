import { platformFetch } from "@interflow/components";
import type { VerifyCredentialResult } from "@interflow/queue";
import { type ComponentDefinition, credentialDefinitionOf } from "@interflow/sdk";
import { classifyFailure } from "./classify";
import { withTimeLimit } from "./time-limit";

export interface VerifyCredentialOnceOptions {
  component: ComponentDefinition;
  authKind: string;
  /** every field of the credential, secrets in the clear */
  fields: Record<string, unknown>;
  timeLimitMs: number;
}

/**
 * Checks a credential against its application once, with the component's `verify`: verified, or a
 * reason the person can act on. A `verify` that throws (the host is unreachable, say) is a reason
 * too, and so is the time limit; neither is a failure of the check itself.
 */
export async function verifyCredentialOnce(p: VerifyCredentialOnceOptions): Promise<VerifyCredentialResult> {
  const verify = credentialDefinitionOf(p.component, p.authKind)?.verify;
  if (!verify) return { verified: false, message: `the ${p.component.title} component cannot verify a credential of this kind (${p.authKind}); save it and try it in a flow` };
  try {
    const outcome = await withTimeLimit(p.timeLimitMs, (signal) => verify({ fields: p.fields, signal, fetch: platformFetch }));
    if (!outcome.done) {
      return { verified: false, timedOut: true, message: `no answer within ${Math.round(p.timeLimitMs / 1000)} s: is the address right, and is the application reachable from the worker?` };
    }
    return outcome.value;
  } catch (error) {
    return { verified: false, message: classifyFailure(error).message };
  }
}
