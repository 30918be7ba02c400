import { editorProcedure } from "../../trpc";
import { flowIdInput } from "./flow-views";
import { commandOutput, requestCommand } from "./request-command";

/** Asks the worker to stop the flow (also while it is still starting); unprocessed messages are dropped. */
export const stopFlowProcedure = editorProcedure
  .input(flowIdInput)
  .output(commandOutput)
  .mutation(({ ctx, input }) =>
    requestCommand(ctx, { flowId: input.id, type: "stop" }),
  );
