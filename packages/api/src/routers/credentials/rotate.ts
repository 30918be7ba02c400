import { randomBytes } from "node:crypto";
import { getCredential, rotateCredentialSecret } from "@interflow/db";
import { AppError, AppErrorCode } from "@interflow/flow";
import { credentialDefinitionOf } from "@interflow/sdk";
import { z } from "zod";
import { audit } from "../../audit";
import { editorProcedure } from "../../trpc";
import { workspaceComponents } from "../../workspace-components";
import { credentialIdInput, credentialView, credentialViewOf } from "./credential-view";
import { encryptionKeyOf } from "./encryption-key";
import { redeployFlowsUsing } from "./update";

/** How long a rotated secret stays accepted by default, and at most. */
const DEFAULT_GRACE_HOURS = 24;
const MAX_GRACE_HOURS = 24 * 30;

export const rotateSecretInput = credentialIdInput.extend({
  graceHours: z.number({ error: "graceHours: a number of hours" }).min(0, "graceHours: 0 or more").max(MAX_GRACE_HOURS, `graceHours: at most ${MAX_GRACE_HOURS} (30 days)`).default(DEFAULT_GRACE_HOURS),
});

/**
 * Makes a new random secret for a credential whose kind has one the platform generates (a
 * webhook's password, API key or signing secret), returned this once; the one it replaces is still
 * taken until the grace period is over, so senders can switch without a refused request. The
 * running flows that use it restart on it (their gateways' routes carry both). Audited.
 */
export const rotateSecretProcedure = editorProcedure
  .input(rotateSecretInput)
  .output(z.object({ credential: credentialView, secret: z.string(), field: z.string(), previousValidUntil: z.string().nullable() }))
  .mutation(async ({ ctx, input }) => {
    const key = encryptionKeyOf(ctx.services);
    const stored = await getCredential(ctx.services.db, { workspaceId: ctx.workspaceId, credentialId: input.id, key });
    if (!stored) throw new AppError(AppErrorCode.NotFound, `credential ${input.id} not found`);
    const component = (await workspaceComponents(ctx.services.db, ctx.workspaceId, ctx.services.components)).find((c) => c.name === stored.component);
    const field = component && credentialDefinitionOf(component, stored.authKind)?.fields.find((f) => f.type === "password" && f.generate);
    if (!field) throw new AppError(AppErrorCode.BadRequest, `id: credential "${stored.name}" has no secret the platform makes (only a webhook's can be rotated here); change its secret with update`);
    const secret = randomBytes(32).toString("base64url");
    const previousUntil = new Date(Date.now() + input.graceHours * 3_600_000);
    const credential = await rotateCredentialSecret(ctx.services.db, { workspaceId: ctx.workspaceId, credentialId: stored.id, key, field: field.key, secret, previousUntil });
    const hadOne = Object.hasOwn(stored.secrets, field.key);
    // never a value: which field, and how long the old one is still taken
    await audit(ctx, "credential.rotate", credential.name, { credentialId: credential.id, field: field.key, previousValidUntil: hadOne ? previousUntil.toISOString() : null });
    await redeployFlowsUsing(ctx, { credentialId: credential.id, credentialName: credential.name });
    return { credential: credentialViewOf(credential), secret, field: field.key, previousValidUntil: hadOne ? previousUntil.toISOString() : null };
  });
