import { executionIdsBetween, type FlowRecord, getFlowVersion, pickFailedMessages } from "@interflow/db";
import { AppError, AppErrorCode } from "@interflow/flow";
import { z } from "zod";
import { audit } from "../../audit";
import { type Caller, describeCaller } from "../../context";
import type { ApiServices } from "../../services";
import { editorProcedure } from "../../trpc";
import { flowIdInput } from "../flows/flow-views";
import { dropQueuedInput } from "../flows/removed-steps";
import { requireFlow } from "../flows/require-flow";
import { restoreFlowVersion } from "../flows/versions";
import { executionStatusSchema } from "./execution-views";
import { checkTarget, replayExecutions, retryFailedMessages, SEND_AGAIN_LIMIT } from "./send-again";

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
  all: z.boolean().optional().describe("every failed message of the flow (instead of `messages`)"),
  messages: z
    .array(z.string().trim().min(1))
    .max(SEND_AGAIN_LIMIT, `messages: at most ${SEND_AGAIN_LIMIT} at once`)
    .optional()
    .describe("failed messages by their id or message id"),
});

/** ids to act on, or undefined for all; refuses neither or both */
export function pickedIds(input: { all?: boolean; messages?: string[] }): string[] | undefined {
  if (input.all && input.messages?.length) throw new AppError(AppErrorCode.BadRequest, "messages: name messages or ask for all, not both");
  if (!input.all && !input.messages?.length) throw new AppError(AppErrorCode.BadRequest, "messages: name at least one failed message (its id or message id), or ask for all");
  return input.all ? undefined : input.messages;
}

const stepAndVersion = {
  /** where they enter the flow again (default: the step each failed at) */
  fromStep: z.string().trim().min(1, "fromStep: a step of the flow").optional().describe("the step they enter the flow again at (default: where each failed)"),
  /** the version they run on (default: the one the flow runs) */
  version: z.number().int("version: a version number").min(1, "version: a version number").optional().describe("the flow version they run on (default: the current one)"),
  /** a version other than the one the flow runs is made current again first (a new version, for every message) */
  restore: z.boolean().optional().describe("make `version` current again first (as a new version)"),
  /** with restore: messages queued at steps the restored version does not have are dropped (counted) */
  ...dropQueuedInput,
};

/**
 * The flow as messages are sent again to it: on the version it runs, or on an earlier `version`
 * made current again (restored as a new version, checked as a publish is — and only when asked
 * for with `restore`, since every message the flow takes runs on it from then on).
 */
async function flowToSendTo(
  ctx: { services: ApiServices; caller: Caller; workspaceId: string },
  input: { id: string; fromStep?: string; version?: number; restore?: boolean; dropQueued?: boolean },
  /** whether anything would be sent (checked before a version is restored for it) */
  anything: (flow: FlowRecord) => Promise<boolean>,
): Promise<FlowRecord> {
  const flow = await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
  if (input.version === undefined || input.version === flow.version) return flow;
  if (!input.restore) {
    throw new AppError(
      AppErrorCode.BadRequest,
      `version: flow "${flow.name}" runs version ${flow.version}; to send messages again on version ${input.version} it must run it — restore it (ask for restore: it becomes version ${flow.version + 1}, for every message the flow takes)`,
    );
  }
  const target = await getFlowVersion(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: flow.id, version: input.version });
  // the flow must take messages, and the step must be in the version asked for, before anything is restored
  checkTarget({ ...flow, version: input.version, document: target.document }, { fromStep: input.fromStep });
  // asked again (the flow already runs a copy of it): no new version each time
  if (JSON.stringify(target.document) === JSON.stringify(flow.document)) return flow;
  if (!(await anything(flow))) throw new AppError(AppErrorCode.BadRequest, `nothing to send again (no message or execution matches): version ${input.version} was not restored`);
  const cause = `version ${input.version} restored by ${describeCaller(ctx.caller)} to send messages again on it`;
  return restoreFlowVersion(ctx, { flowId: flow.id, version: input.version, dropQueued: input.dropQueued, cause });
}

/**
 * Sends failed messages again (as they were, or one with an edited body), each as a new execution
 * linked to its own and with its message id, so the receiver can tell a copy.
 */
export const retryFailedProcedure = editorProcedure
  .input(pickedMessagesInput.extend({ ...stepAndVersion, body: z.unknown().optional().describe("an edited body to send instead of the failed one (one message only)") }))
  .output(sentSchema)
  .mutation(async ({ ctx, input }) => {
    const ids = pickedIds(input);
    const size = input.body === undefined ? 0 : Buffer.byteLength(JSON.stringify(input.body) ?? "");
    if (size > MAX_EDITED_BODY_BYTES) throw new AppError(AppErrorCode.BadRequest, `body: the edited body is ${size} bytes, over the limit of ${MAX_EDITED_BODY_BYTES} (a webhook's)`);
    const flow = await flowToSendTo(ctx, input, async (f) => (await pickFailedMessages(ctx.services.db, { workspaceId: f.workspaceId, flowId: f.id, ids, limit: 1 })).length > 0);
    const by = describeCaller(ctx.caller);
    const result = await retryFailedMessages(ctx.services, { flow, ids, fromStep: input.fromStep, body: input.body, by });
    await audit(ctx, "flow.retry", flow.name, { flowId: flow.id, sent: result.sent, skipped: result.skipped.length, fromStep: input.fromStep, version: flow.version, edited: input.body !== undefined });
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
    const flow = await flowToSendTo(
      ctx,
      input,
      async (f) => (await executionIdsBetween(ctx.services.db, { workspaceId: f.workspaceId, flowId: f.id, from, to, status: input.status, limit: 1 })).length > 0,
    );
    const by = describeCaller(ctx.caller);
    const result = await replayExecutions(ctx.services, { flow, from, to, status: input.status, fromStep: input.fromStep, limit: input.limit, by });
    await audit(ctx, "flow.replay", flow.name, { flowId: flow.id, from: input.from, to: input.to, sent: result.sent, skipped: result.skipped.length, fromStep: input.fromStep, version: flow.version });
    return result;
  });
