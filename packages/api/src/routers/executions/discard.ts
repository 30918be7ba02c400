import { pickFailedMessages, resolveFailedMessages } from "@interflow/db";
import { z } from "zod";
import { audit } from "../../audit";
import { describeCaller } from "../../context";
import { editorProcedure } from "../../trpc";
import { requireFlow } from "../flows/require-flow";
import { pickedIds, pickedMessagesInput } from "./retry";
import { SEND_AGAIN_LIMIT } from "./send-again";

/** Discards failed messages: they stay listed as discarded (by whom, when) until retention removes them. */
export const discardFailedProcedure = editorProcedure
  .input(pickedMessagesInput)
  .output(z.object({ discarded: z.number() }))
  .mutation(async ({ ctx, input }) => {
    const flow = await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    const picked = await pickFailedMessages(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: flow.id, ids: pickedIds(input), limit: SEND_AGAIN_LIMIT });
    const marked = await resolveFailedMessages(ctx.services.db, {
      workspaceId: ctx.workspaceId,
      flowId: flow.id,
      status: "discarded",
      by: describeCaller(ctx.caller),
      ids: picked.map((f) => f.id),
    });
    await audit(ctx, "flow.discard", flow.name, { flowId: flow.id, discarded: marked.length });
    return { discarded: marked.length };
  });
