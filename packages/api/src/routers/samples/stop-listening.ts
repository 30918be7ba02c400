import { stopListeningForTestRequests } from "@interflow/queue";
import { z } from "zod";
import { editorProcedure } from "../../trpc";
import { flowIdInput } from "../flows/flow-views";
import { requireFlow } from "../flows/require-flow";

/** The designer stops waiting: the test URL answers 404 again, requests not taken yet are dropped. */
export const stopListeningProcedure = editorProcedure
  .input(flowIdInput)
  .output(z.object({ id: z.string() }))
  .mutation(async ({ ctx, input }) => {
    await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    await stopListeningForTestRequests({ redis: ctx.services.redis, flowId: input.id });
    return { id: input.id };
  });
