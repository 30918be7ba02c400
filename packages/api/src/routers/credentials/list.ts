import { listCredentials } from "@interflow/db";
import { z } from "zod";
import { workspaceProcedure } from "../../trpc";
import { credentialView, credentialViewOf } from "./credential-view";
import { encryptionKeyOf } from "./encryption-key";

export const listCredentialsInput = z.object({ component: z.string().min(1, "component: must name a component").optional() }).default({});
export const listCredentialsOutput = z.object({ credentials: z.array(credentialView) });

/** The workspace's credentials by name (of one component, when given): secrets masked, never their values. */
export const listCredentialsProcedure = workspaceProcedure
  .input(listCredentialsInput)
  .output(listCredentialsOutput)
  .query(async ({ ctx, input }) => {
    const credentials = await listCredentials(ctx.services.db, { workspaceId: ctx.workspaceId, key: encryptionKeyOf(ctx.services), component: input.component });
    return { credentials: credentials.map(credentialViewOf) };
  });
