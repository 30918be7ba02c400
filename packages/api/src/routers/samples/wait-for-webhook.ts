import { AppError, AppErrorCode, stepSampleSchema } from "@interflow/flow";
import { readWebhookListener, takeTestRequest } from "@interflow/queue";
import { z } from "zod";
import { editorProcedure } from "../../trpc";
import { flowIdInput } from "../flows/flow-views";
import { requireFlow } from "../flows/require-flow";

export const waitForWebhookOutput = z.discriminatedUnion("received", [
  z.object({ received: z.literal(true), sample: stepSampleSchema }),
  z.object({ received: z.literal(false) }),
]);

/**
 * Waits for the next test request to the flow's test URL (call it in a loop while the designer
 * shows "Waiting for a request…"): its body and headers as the trigger's sample, or
 * `received: false` when none came within `timeoutMs`. A mutation: the request it answers with is
 * taken, the next call waits for the next one.
 */
export const waitForWebhookProcedure = editorProcedure
  .input(flowIdInput.extend({ timeoutMs: z.number().int().min(1_000).max(25_000).default(20_000) }))
  .output(waitForWebhookOutput)
  .mutation(async ({ ctx, input }) => {
    await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    const { redis } = ctx.services;
    if (!(await readWebhookListener({ redis, flowId: input.id }))) {
      throw new AppError(AppErrorCode.Conflict, 'not listening for test requests (it stops after 15 minutes): press "Retrieve sample" again');
    }
    const request = await takeTestRequest({ redis, flowId: input.id, timeoutMs: input.timeoutMs });
    if (!request) return { received: false as const };
    return { received: true as const, sample: { body: request.body, headers: request.headers, source: "webhook" as const, takenAt: request.receivedAt } };
  });
