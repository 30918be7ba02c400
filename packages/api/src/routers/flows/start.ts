import { workspaceProcedure } from "../../trpc";
import { flowIdInput } from "./flow-views";
import { commandOutput, requestCommand } from "./request-command";

/** Asks the worker to start a stopped flow. */
export const startFlowProcedure = workspaceProcedure
  .input(flowIdInput)
  .output(commandOutput)
  .mutation(({ ctx, input }) =>
    requestCommand(ctx.services, { workspaceId: ctx.workspaceId, flowId: input.id, type: "start", tokenName: ctx.caller.tokenName }),
  );
