import { workspaceComponents } from "../../workspace-components";
import { flowsUsingCredential, getCredential, getFlow, updateCredential } from "@interflow/db";
import { AppError, AppErrorCode } from "@interflow/flow";
import { z } from "zod";
import { audit } from "../../audit";
import { type Caller, describeCaller } from "../../context";
import type { ApiServices } from "../../services";
import { redeployIfRunning } from "../flows/versions";
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
/** Restarts the running or sleeping flows whose current version signs in with the credential. */
export async function redeployFlowsUsing(ctx: { services: ApiServices; caller: Caller; workspaceId: string }, p: { credentialId: string; credentialName: string }) {
  const flows = await flowsUsingCredential(ctx.services.db, { workspaceId: ctx.workspaceId, credentialId: p.credentialId });
  for (const used of flows.filter((f) => f.inCurrentVersion)) {
    const flow = await getFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: used.id });
    if (flow) await redeployIfRunning(ctx, flow, `credential "${p.credentialName}" changed by ${describeCaller(ctx.caller)}`);
  }
}

export const updateCredentialProcedure = editorProcedure
  .input(updateCredentialInput)
  .output(credentialView)
  .mutation(async ({ ctx, input }) => {
    const key = encryptionKeyOf(ctx.services);
    const stored = await getCredential(ctx.services.db, { workspaceId: ctx.workspaceId, credentialId: input.id, key });
    if (!stored) throw new AppError(AppErrorCode.NotFound, `credential ${input.id} not found`);
    // a credential of a component that is no longer installed can still be renamed or changed, unchecked
    const component = (await workspaceComponents(ctx.services.db, ctx.workspaceId, ctx.services.components)).find((c) => c.name === stored.component);
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
    // running flows sealed the old fields at their start: they restart on the new ones
    if (changed.some((field) => field !== "name")) await redeployFlowsUsing(ctx, { credentialId: credential.id, credentialName: credential.name });
    return credentialViewOf(credential);
  });
