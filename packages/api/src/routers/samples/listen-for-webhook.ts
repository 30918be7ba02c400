import { AppError, AppErrorCode, stepIdSchema } from "@interflow/flow";
import { listenForTestRequests, TEST_REQUESTS } from "@interflow/queue";
import { z } from "zod";
import { editorProcedure } from "../../trpc";
import { flowIdInput } from "../flows/flow-views";
import { requireFlow } from "../flows/require-flow";
import { refuseCustomComponent, requireFunction, requireValidConfig } from "./step-config";

export const listenForWebhookInput = flowIdInput.extend({
  /** the trigger's step id in the draft */
  stepId: stepIdSchema,
  /** the trigger as the designer has it: test requests are parsed as it would parse them */
  component: z.string().min(1),
  function: z.string().min(1),
  config: z.record(z.string(), z.unknown()).default({}),
});

/**
 * "Retrieve sample" of a webhook trigger: for 15 minutes the gateway takes test requests at the
 * flow's test URL (whether the flow runs or not) and keeps them for `samples.waitForWebhook`.
 * Test requests received before are dropped.
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
    const startedAt = new Date();
    await listenForTestRequests({
      redis: ctx.services.redis,
      flowId: input.id,
      listener: { stepId: input.stepId, component: input.component, function: input.function, config: input.config, startedAt: startedAt.toISOString() },
    });
    return {
      testUrl: `${ctx.services.gatewayUrl}/test-hook/${input.id}`,
      listeningUntil: new Date(startedAt.getTime() + TEST_REQUESTS.listenMs).toISOString(),
    };
  });
