import { workspaceComponents } from "../../workspace-components";
import { createCredential } from "@interflow/db";
import { z } from "zod";
import { audit } from "../../audit";
import { describeCaller } from "../../context";
import { editorProcedure } from "../../trpc";
import { authKindFor, checkCredentialFields, requireComponent } from "./credential-fields";
import { authKindSchema, credentialNameSchema, credentialValuesSchema, credentialView, credentialViewOf } from "./credential-view";
import { encryptionKeyOf } from "./encryption-key";
import { secretValueSchema } from "./secret-input";

export const createCredentialInput = z.object({
  name: credentialNameSchema,
  component: z.string().trim().min(1, "component: must name a component"),
  /** how it authenticates; taken from the component's declaration when it has one */
  authKind: authKindSchema.optional(),
  /** the fields that are not secret */
  values: credentialValuesSchema.default({}),
  /** the secret fields (a component's "password" fields): encrypted at once, never shown again */
  secrets: z.record(z.string().min(1, "field keys must not be empty"), secretValueSchema).default({}),
});

/** A new, unverified credential of the workspace for one component; its secrets are encrypted before they are stored. */
export const createCredentialProcedure = editorProcedure
  .input(createCredentialInput)
  .output(credentialView)
  .mutation(async ({ ctx, input }) => {
    const key = encryptionKeyOf(ctx.services);
    const component = requireComponent(await workspaceComponents(ctx.services.db, ctx.workspaceId, ctx.services.components), input.component);
    const authKind = authKindFor(component, input.authKind);
    checkCredentialFields({ component, authKind, values: input.values, secrets: input.secrets, secretsAfter: new Set(Object.keys(input.secrets)) });
    const credential = await createCredential(ctx.services.db, {
      workspaceId: ctx.workspaceId,
      key,
      name: input.name,
      component: component.name,
      authKind,
      values: input.values,
      secrets: input.secrets,
      createdBy: describeCaller(ctx.caller),
    });
    await audit(ctx, "credential.create", credential.name, { credentialId: credential.id, component: credential.component, authKind });
    return credentialViewOf(credential);
  });
