import { FAILED_MESSAGE_STATUSES, listFailedMessages } from "@interflow/db";
import { keys } from "@interflow/queue";
import { z } from "zod";
import { workspaceProcedure } from "../../trpc";
import { flowIdInput } from "../flows/flow-views";
import { requireFlow } from "../flows/require-flow";
import { failedMessageSchema, failedMessageViewOf, pageCursorSchema, pageOf } from "./execution-views";

export const listFailedInput = flowIdInput.extend({
  /** default: those still failed */
  status: z.array(z.enum(FAILED_MESSAGE_STATUSES)).optional(),
  stepId: z.string().min(1).optional(),
  limit: z.number().int().min(1, "limit: at least 1").max(500, "limit: at most 500").default(50),
  before: pageCursorSchema.optional(),
});

/**
 * The flow's failed messages (newest first): each with the step, tries, error and the body the
 * step got; and what was lost without a failed message to show for it, counted.
 */
export const listFailedProcedure = workspaceProcedure
  .input(listFailedInput)
  .output(
    pageOf(failedMessageSchema).extend({
      /** failed messages removed by retention before anyone retried or discarded them */
      expiredUnresolved: z.number(),
      /** records runners could not hand over while the flow's records stream was full */
      unrecorded: z.number(),
      /** failed messages its error flow could not be told of */
      errorFlowUndelivered: z.number(),
    }),
  )
  .query(async ({ ctx, input }) => {
    const flow = await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    const page = await listFailedMessages(ctx.services.db, {
      workspaceId: ctx.workspaceId,
      flowId: flow.id,
      status: input.status,
      stepId: input.stepId,
      limit: input.limit,
      before: input.before ? { failedAt: new Date(input.before.at), id: input.before.id } : undefined,
    });
    const [expired, unrecorded, undelivered] = await ctx.services.redis.hmget(keys.stats(flow.id), "retention.failedExpired", "executions.unrecorded", "errorFlow.undelivered");
    return {
      ...page,
      items: page.items.map(failedMessageViewOf),
      expiredUnresolved: Number(expired ?? 0),
      unrecorded: Number(unrecorded ?? 0),
      errorFlowUndelivered: Number(undelivered ?? 0),
    };
  });
