import { getCredential, getSealedCredential, recordCredentialVerification } from "@interflow/db";
import { AppError, AppErrorCode } from "@interflow/flow";
import { z } from "zod";
import { audit } from "../../audit";
import { editorProcedure } from "../../trpc";
import { credentialIdInput, credentialView, credentialViewOf } from "./credential-view";
import { encryptionKeyOf } from "./encryption-key";
import { checkCredential, verificationResultSchema } from "./verification";

export const verifyCredentialOutput = z.object({ credential: credentialView, result: verificationResultSchema });

const notFound = (id: string) => new AppError(AppErrorCode.NotFound, `credential ${id} not found`);

/**
 * Checks a stored credential against its application, in a worker that opens its sealed secrets,
 * and stores what it found (verified, or failed with the reason) with the time it was checked.
 * No worker answering is an error, and nothing is stored.
 */
export const verifyCredentialProcedure = editorProcedure
  .input(credentialIdInput)
  .output(verifyCredentialOutput)
  .mutation(async ({ ctx, input }) => {
    const key = encryptionKeyOf(ctx.services);
    const scope = { workspaceId: ctx.workspaceId, credentialId: input.id };
    const stored = await getSealedCredential(ctx.services.db, scope);
    if (!stored) throw notFound(input.id);
    const { checked, result } = await checkCredential(ctx.services, {
      workspaceId: ctx.workspaceId,
      component: stored.component,
      authKind: stored.authKind,
      values: stored.values,
      sealed: { credentialId: stored.id, envelope: stored.envelope },
    });
    if (!checked) {
      const credential = await getCredential(ctx.services.db, { ...scope, key });
      if (!credential) throw notFound(input.id);
      return { credential: credentialViewOf(credential), result };
    }
    const credential = await recordCredentialVerification(ctx.services.db, {
      workspaceId: ctx.workspaceId,
      key,
      checked: stored,
      outcome: result.verified ? { verified: true } : { verified: false, message: result.message ?? "not verified" },
      checkedAt: new Date(),
    });
    await audit(ctx, "credential.verify", credential.name, { credentialId: credential.id, verified: result.verified, ...(result.field ? { field: result.field } : {}) });
    return { credential: credentialViewOf(credential), result };
  });
