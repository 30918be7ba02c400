import { workspaceComponents } from "../../workspace-components";
import { randomUUID } from "node:crypto";
import { sealSecrets } from "@interflow/db";
import { editorProcedure } from "../../trpc";
import { createCredentialInput } from "./create";
import { authKindFor, checkCredentialFields, requireComponent } from "./credential-fields";
import { encryptionKeyOf } from "./encryption-key";
import { checkCredential, verificationResultSchema } from "./verification";

export const testCredentialInput = createCredentialInput.omit({ name: true });
/** the result itself: verified, or the reason and the field at fault */
export const testCredentialOutput = verificationResultSchema;

/**
 * The wizard's "Verify" before saving: the fields are checked as `credentials.create` checks them,
 * the secrets are sealed for a fresh id that is never stored, and a worker checks them against the
 * application. Nothing is stored, audited or logged; the answer is the result.
 */
export const testCredentialProcedure = editorProcedure
  .input(testCredentialInput)
  .output(testCredentialOutput)
  .mutation(async ({ ctx, input }) => {
    const key = encryptionKeyOf(ctx.services);
    const component = requireComponent(await workspaceComponents(ctx.services.db, ctx.workspaceId, ctx.services.components), input.component);
    const authKind = authKindFor(component, input.authKind);
    checkCredentialFields({ component, authKind, values: input.values, secrets: input.secrets, secretsAfter: new Set(Object.keys(input.secrets)) });
    const credentialId = randomUUID();
    const { result } = await checkCredential(ctx.services, {
      workspaceId: ctx.workspaceId,
      component: component.name,
      authKind,
      values: input.values,
      sealed: { credentialId, envelope: sealSecrets({ key, credentialId, secrets: input.secrets }) },
    }, component);
    return result;
  });
