import { editorProcedure } from "../../trpc";
import { flowIdInput } from "./flow-views";
import { commandOutput, requestCommand } from "./request-command";

/** Asks the worker to start a stopped flow. */
export const startFlowProcedure = editorProcedure
  .input(flowIdInput)
  .output(commandOutput)
  .mutation(({ ctx, input }) =>
    requestCommand(ctx, { flowId: input.id, type: "start" }),
  );
