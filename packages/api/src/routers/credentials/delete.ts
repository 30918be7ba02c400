import { deleteCredential } from "@interflow/db";
import { z } from "zod";
import { audit } from "../../audit";
import { editorProcedure } from "../../trpc";
import { credentialIdInput } from "./credential-view";

/** Deletes a credential of the workspace and its encrypted secrets. */
export const deleteCredentialProcedure = editorProcedure
  .input(credentialIdInput)
  .output(z.object({ id: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const { name } = await deleteCredential(ctx.services.db, { workspaceId: ctx.workspaceId, credentialId: input.id });
    await audit(ctx, "credential.delete", name, { credentialId: input.id });
    return { id: input.id };
  });
