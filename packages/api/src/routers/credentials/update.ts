import { getCredential, updateCredential } from "@interflow/db";
import { AppError, AppErrorCode } from "@interflow/flow";
import { z } from "zod";
import { audit } from "../../audit";
import { editorProcedure } from "../../trpc";
import { checkCredentialFields, secretsAfter } from "./credential-fields";
import { credentialIdInput, credentialNameSchema, credentialValuesSchema, credentialView, credentialViewOf } from "./credential-view";
import { encryptionKeyOf } from "./encryption-key";
import { secretValueSchema } from "./secret-input";

export const updateCredentialInput = credentialIdInput.extend({
  name: credentialNameSchema.optional(),
  /** all the fields that are not secret, replacing the stored ones */
  values: credentialValuesSchema.optional(),
  /** only the secret fields to replace (null: remove one); a secret not named keeps its stored value */
  secrets: z.record(z.string().min(1, "field keys must not be empty"), secretValueSchema.nullable()).optional(),
});

/**
 * Renames a credential, replaces its values, or replaces some of its secrets (which are never read
 * back: a new value replaces the stored one). Changing values or secrets makes it unverified again.
 */
export const updateCredentialProcedure = editorProcedure
  .input(updateCredentialInput)
  .output(credentialView)
  .mutation(async ({ ctx, input }) => {
    const key = encryptionKeyOf(ctx.services);
    const stored = await getCredential(ctx.services.db, { workspaceId: ctx.workspaceId, credentialId: input.id, key });
    if (!stored) throw new AppError(AppErrorCode.NotFound, `credential ${input.id} not found`);
    // a credential of a component that is no longer installed can still be renamed or changed, unchecked
    const component = ctx.services.components.find((c) => c.name === stored.component);
    if (component) {
      checkCredentialFields({ component, authKind: stored.authKind, values: input.values, secrets: input.secrets, secretsAfter: secretsAfter(Object.keys(stored.secrets), input.secrets) });
    }
    const { credential, changed } = await updateCredential(ctx.services.db, {
      workspaceId: ctx.workspaceId,
      credentialId: input.id,
      key,
      name: input.name,
      values: input.values,
      secrets: input.secrets,
    });
    if (changed.length > 0) {
      // field names only: never a value, secret or not
      await audit(ctx, "credential.update", credential.name, { credentialId: credential.id, changed, ...(changed.includes("name") ? { renamedFrom: stored.name } : {}) });
    }
    return credentialViewOf(credential);
  });
