import { getExecution, getFlowById, listExecutions } from "@interflow/db";
import { z } from "zod";
import { workspaceProcedure } from "../../trpc";
import { flowIdInput } from "../flows/flow-views";
import { requireFlow } from "../flows/require-flow";
import { executionSchema, executionStatusSchema, executionViewOf, pageCursorSchema, pageOf, stepRecordSchema, stepRecordViewOf } from "./execution-views";

const when = (field: string) => z.iso.datetime({ error: `${field}: an ISO date-time, e.g. 2026-12-06T10:00:00Z` });

export const listExecutionsInput = flowIdInput.extend({
  status: z.array(executionStatusSchema).optional(),
  /** only executions that reached this step */
  stepId: z.string().min(1).optional().describe("only executions that reached this step"),
  /** started at or after */
  from: when("from").optional().describe("started at or after"),
  /** started before */
  to: when("to").optional().describe("started before"),
  /** the execution of this message (any message of it, or the id a webhook's 202 named) */
  messageId: z.string().trim().min(1, "messageId: a message id").optional().describe("the execution of this message (e.g. the id a webhook's 202 named)"),
  limit: z.number().int().min(1, "limit: at least 1").max(500, "limit: at most 500").default(50),
  before: pageCursorSchema.optional(),
});

/** The flow's executions, newest first: status, time, duration, steps reached; filtered and paged. */
export const listExecutionsProcedure = workspaceProcedure
  .input(listExecutionsInput)
  .output(pageOf(executionSchema))
  .query(async ({ ctx, input }) => {
    const flow = await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    const page = await listExecutions(ctx.services.db, {
      workspaceId: ctx.workspaceId,
      flowId: flow.id,
      status: input.status,
      stepId: input.stepId,
      messageId: input.messageId,
      from: input.from ? new Date(input.from) : undefined,
      to: input.to ? new Date(input.to) : undefined,
      limit: input.limit,
      before: input.before ? { startedAt: new Date(input.before.at), id: input.before.id } : undefined,
    });
    return { ...page, items: page.items.map(executionViewOf) };
  });

/** One execution with every step it passed: each try's input, output and error. */
export const getExecutionProcedure = workspaceProcedure
  .input(z.object({ executionId: z.string().trim().min(1, "executionId: an execution's id") }))
  .output(executionSchema.extend({ flowName: z.string(), records: z.array(stepRecordSchema) }))
  .query(async ({ ctx, input }) => {
    const execution = await getExecution(ctx.services.db, { workspaceId: ctx.workspaceId, executionId: input.executionId });
    // the flow may have been deleted since (its executions go with the next retention sweep)
    const flow = await getFlowById(ctx.services.db, { flowId: execution.flowId });
    return { ...executionViewOf(execution), flowName: flow && flow.workspaceId === ctx.workspaceId ? flow.name : "(deleted flow)", records: execution.records.map(stepRecordViewOf) };
  });
