import { AppError, AppErrorCode } from "@interflow/flow";
import { z } from "zod";
import { audit } from "../../audit";
import { describeCaller } from "../../context";
import { editorProcedure } from "../../trpc";
import { flowIdInput } from "../flows/flow-views";
import { requireFlow } from "../flows/require-flow";
import { executionStatusSchema } from "./execution-views";
import { replayExecutions, retryFailedMessages, SEND_AGAIN_LIMIT } from "./send-again";

/** An edited body may be as big as a webhook's (the gateway's default body limit). */
const MAX_EDITED_BODY_BYTES = 10 * 1024 * 1024;

const sentSchema = z.object({
  /** messages sent again */
  sent: z.number(),
  /** the executions they started (the first 100) */
  executions: z.array(z.string()),
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
});

/** Failed messages named one by one (their ids or message ids), or all of them. */
export const pickedMessagesInput = flowIdInput.extend({
  all: z.boolean().optional(),
  messages: z.array(z.string().trim().min(1)).max(SEND_AGAIN_LIMIT, `messages: at most ${SEND_AGAIN_LIMIT} at once`).optional(),
});

/** ids to act on, or undefined for all; refuses neither or both */
export function pickedIds(input: { all?: boolean; messages?: string[] }): string[] | undefined {
  if (input.all && input.messages?.length) throw new AppError(AppErrorCode.BadRequest, "messages: name messages or ask for all, not both");
  if (!input.all && !input.messages?.length) throw new AppError(AppErrorCode.BadRequest, "messages: name at least one failed message (its id or message id), or ask for all");
  return input.all ? undefined : input.messages;
}

const stepAndVersion = {
  /** where they enter the flow again (default: the step each failed at) */
  fromStep: z.string().trim().min(1, "fromStep: a step of the flow").optional(),
  /** the version the flow must run (messages go to the version it runs) */
  version: z.number().int("version: a version number").min(1, "version: a version number").optional(),
};

/**
 * Sends failed messages again (as they were, or one with an edited body), each as a new execution
 * linked to its own and with its message id, so the receiver can tell a copy.
 */
export const retryFailedProcedure = editorProcedure
  .input(pickedMessagesInput.extend({ ...stepAndVersion, body: z.unknown().optional() }))
  .output(sentSchema)
  .mutation(async ({ ctx, input }) => {
    const flow = await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    const ids = pickedIds(input);
    const size = input.body === undefined ? 0 : Buffer.byteLength(JSON.stringify(input.body) ?? "");
    if (size > MAX_EDITED_BODY_BYTES) throw new AppError(AppErrorCode.BadRequest, `body: the edited body is ${size} bytes, over the limit of ${MAX_EDITED_BODY_BYTES} (a webhook's)`);
    const by = describeCaller(ctx.caller);
    const result = await retryFailedMessages(ctx.services, { flow, ids, fromStep: input.fromStep, version: input.version, body: input.body, by });
    await audit(ctx, "flow.retry", flow.name, { flowId: flow.id, sent: result.sent, skipped: result.skipped.length, fromStep: input.fromStep, edited: input.body !== undefined });
    return result;
  });

/** Replays the executions that started in a time range (optionally only some statuses), from a chosen step. */
export const replayExecutionsProcedure = editorProcedure
  .input(
    flowIdInput.extend({
      from: z.iso.datetime({ error: "from: an ISO date-time" }),
      to: z.iso.datetime({ error: "to: an ISO date-time" }),
      status: z.array(executionStatusSchema).optional(),
      ...stepAndVersion,
      limit: z.number().int().min(1, "limit: at least 1").max(SEND_AGAIN_LIMIT, `limit: at most ${SEND_AGAIN_LIMIT}`).default(1_000),
    }),
  )
  .output(sentSchema)
  .mutation(async ({ ctx, input }) => {
    const from = new Date(input.from);
    const to = new Date(input.to);
    if (to <= from) throw new AppError(AppErrorCode.BadRequest, "to: must be after from");
    const flow = await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    const by = describeCaller(ctx.caller);
    const result = await replayExecutions(ctx.services, { flow, from, to, status: input.status, fromStep: input.fromStep, version: input.version, limit: input.limit, by });
    await audit(ctx, "flow.replay", flow.name, { flowId: flow.id, from: input.from, to: input.to, sent: result.sent, skipped: result.skipped.length, fromStep: input.fromStep });
    return result;
  });
