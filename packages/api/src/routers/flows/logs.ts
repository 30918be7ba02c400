import { AppError, AppErrorCode } from "@interflow/flow";
import { readableLogLine, readStepLogs } from "@interflow/queue";
import { z } from "zod";
import { workspaceProcedure } from "../../trpc";
import { flowIdInput } from "./flow-views";
import { requireFlow } from "./require-flow";

export const flowLogsInput = flowIdInput.extend({
  /** one step's lines; unset: every step's, merged by time */
  stepId: z.string().min(1, "stepId: name a step of the flow").optional(),
  /** only lines after this moment (epoch ms): how a follower asks for what is new */
  after: z.number().int().min(0, "after: epoch milliseconds").optional(),
  limit: z.number().int().min(1, "limit: at least 1").max(2000, "limit: at most 2000").default(200),
});

export const flowLogLineSchema = z.object({
  at: z.number(),
  stepId: z.string(),
  replica: z.number(),
  /** as the runner wrote it */
  line: z.string(),
  /** for people: the level of a runner's JSON line, and its message with the fields that matter */
  level: z.enum(["info", "warn", "error"]).nullable(),
  text: z.string(),
});

/**
 * What the flow's step runners (processes or containers) wrote, oldest first: the newest `limit`
 * lines, of one step or all. Kept per step (the last 2,000 lines, for 7 days after the last one).
 */
export const flowLogsProcedure = workspaceProcedure
  .input(flowLogsInput)
  .output(z.object({ lines: z.array(flowLogLineSchema), at: z.number() }))
  .query(async ({ ctx, input }) => {
    const flow = await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    const stepIds = flow.document.nodes.map((n) => n.id);
    if (input.stepId !== undefined && !stepIds.includes(input.stepId)) {
      throw new AppError(AppErrorCode.BadRequest, `stepId: flow "${flow.name}" has no step "${input.stepId}" (its steps: ${stepIds.join(", ")})`);
    }
    const at = Date.now();
    const lines = await readStepLogs(ctx.services.redis, { flowId: flow.id, stepIds: input.stepId ? [input.stepId] : stepIds, after: input.after, limit: input.limit });
    return { lines: lines.map((l) => ({ ...l, ...readableLogLine(l.line) })), at };
  });
