import { AUDIT_ACTIONS, listAudit } from "@interflow/db";
import { z } from "zod";
import { ownerProcedure, router } from "../../trpc";

const entryView = z.object({
  id: z.string(),
  actor: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  target: z.string(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  at: z.date(),
});

export const auditRouter = router({
  /** Who did what in the workspace, newest first; owners only. `before`: the last entry's id of the previous page. */
  list: ownerProcedure
    .input(z.object({ limit: z.number().int().min(1, "limit: at least 1").max(200, "limit: at most 200").default(50), before: z.string().optional() }).default({ limit: 50 }))
    .output(z.object({ entries: z.array(entryView) }))
    .query(async ({ ctx, input }) => {
      const entries = await listAudit(ctx.services.db, { workspaceId: ctx.workspaceId, limit: input.limit, before: input.before });
      return { entries: entries.map(({ id, actor, action, target, detail, at }) => ({ id, actor, action, target, detail, at })) };
    }),
});
