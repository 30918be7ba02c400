import { getDecryptedCredential } from "@interflow/db";
import { AppError, AppErrorCode, stepIdSchema } from "@interflow/flow";
import { listenForTestRequests, type RouteAuth, rememberSecrets, sealTestHookAuth, TEST_REQUESTS, WEBHOOK_KEY_VARIABLE } from "@interflow/queue";
import { z } from "zod";
import { editorProcedure } from "../../trpc";
import { flowIdInput } from "../flows/flow-views";
import { requireFlow } from "../flows/require-flow";
import type { ApiServices } from "../../services";
import { encryptionKeyOf } from "../credentials/encryption-key";
import { refuseCustomComponent, requireFunction, requireValidConfig } from "./step-config";

export const listenForWebhookInput = flowIdInput.extend({
  /** the trigger's step id in the draft */
  stepId: stepIdSchema,
  /** the trigger as the designer has it: test requests are parsed as it would parse them */
  component: z.string().min(1),
  function: z.string().min(1),
  config: z.record(z.string(), z.unknown()).default({}),
  /** the trigger's credential in the draft (its sender authentication): test requests must pass it too */
  credentialId: z.string().min(1).optional(),
});

/** The draft trigger's credential sealed for the gateways' test URL, or a 400 naming credentialId. */
async function testHookAuth(services: ApiServices, workspaceId: string, input: z.infer<typeof listenForWebhookInput>): Promise<RouteAuth | undefined> {
  const { credentialId } = input;
  if (credentialId === undefined) return undefined;
  const key = encryptionKeyOf(services);
  if (!services.webhookKey) throw new AppError(AppErrorCode.Internal, `credentialId: the web app has no ${WEBHOOK_KEY_VARIABLE} to hand the sender authentication to the gateways`);
  const credential = await getDecryptedCredential(services.db, { workspaceId, credentialId, key });
  if (!credential) throw new AppError(AppErrorCode.BadRequest, `credentialId: ${credentialId} is not one of this workspace's credentials`);
  if (credential.component !== input.component) throw new AppError(AppErrorCode.BadRequest, `credentialId: "${credential.name}" is for the ${credential.component} component, not ${input.component}`);
  rememberSecrets(Object.values(credential.secrets));
  const sealed = sealTestHookAuth({
    webhookKey: services.webhookKey,
    listener: { flowId: input.id, stepId: input.stepId, component: input.component, function: input.function, config: input.config },
    credential: { authKind: credential.authKind, values: credential.values, secrets: credential.secrets },
  });
  return { credentialId, sealed };
}

/**
 * "Retrieve sample" of a webhook trigger: for 15 minutes the gateway takes test requests at the
 * flow's test URL (whether the flow runs or not) and keeps them for `samples.waitForWebhook`.
 * Test requests received before are dropped. A trigger with sender authentication (its
 * credential) refuses unauthenticated test requests with 401, as its webhook would.
 */
export const listenForWebhookProcedure = editorProcedure
  .input(listenForWebhookInput)
  .output(z.object({ testUrl: z.string(), listeningUntil: z.iso.datetime() }))
  .mutation(async ({ ctx, input }) => {
    await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    await refuseCustomComponent(ctx.services.db, { workspaceId: ctx.workspaceId, component: input.component, what: "a test request to its trigger" });
    const fn = requireFunction(ctx.services.components, input);
    if (fn.kind !== "trigger" || !fn.parseRequest) {
      throw new AppError(AppErrorCode.BadRequest, `function: ${input.component}.${input.function} does not receive webhooks; its sample cannot come from a test request`);
    }
    requireValidConfig(fn, input.config);
    const auth = await testHookAuth(ctx.services, ctx.workspaceId, input);
    const startedAt = new Date();
    await listenForTestRequests({
      redis: ctx.services.redis,
      flowId: input.id,
      listener: { stepId: input.stepId, component: input.component, function: input.function, config: input.config, startedAt: startedAt.toISOString(), ...(auth ? { auth } : {}) },
    });
    return {
      testUrl: `${ctx.services.gatewayUrl}/test-hook/${input.id}`,
      listeningUntil: new Date(startedAt.getTime() + TEST_REQUESTS.listenMs).toISOString(),
    };
  });
