import { editorProcedure } from "../../trpc";
import { flowIdInput } from "./flow-views";
import { commandOutput, requestCommand } from "./request-command";

/** Asks the worker to suspend a running or sleeping flow: runners stop, queued messages are kept, webhooks get 503. */
export const suspendFlowProcedure = editorProcedure
  .input(flowIdInput)
  .output(commandOutput)
  .mutation(({ ctx, input }) => requestCommand(ctx, { flowId: input.id, type: "suspend" }));

/** Asks the worker to resume a suspended flow: runners come back and process every kept message. */
export const resumeFlowProcedure = editorProcedure
  .input(flowIdInput)
  .output(commandOutput)
  .mutation(({ ctx, input }) => requestCommand(ctx, { flowId: input.id, type: "resume" }));
