import { rotateWebhookPath } from "@interflow/db";
import { AppError, AppErrorCode } from "@interflow/flow";
import { keys, type Route, routeHookOf, routeSchema } from "@interflow/queue";
import { z } from "zod";
import { audit } from "../../audit";
import { editorProcedure } from "../../trpc";
import { flowIdInput, webhookUrlOf } from "./flow-views";
import { requireFlow } from "./require-flow";

const MAX_GRACE_HOURS = 24 * 30;

export const rotateWebhookUrlInput = flowIdInput.extend({
  graceHours: z.number({ error: "graceHours: a number of hours" }).min(0, "graceHours: 0 or more").max(MAX_GRACE_HOURS, `graceHours: at most ${MAX_GRACE_HOURS} (30 days)`).default(24),
});

/**
 * Gives a webhook flow a new unguessable webhook URL (someone learnt the old one): the old one is
 * still answered for the grace period, so senders can switch, then 404. The gateways learn it at
 * once when the flow has a route (running, sleeping or suspended); otherwise at its next start.
 * Audited.
 */
export const rotateWebhookUrlProcedure = editorProcedure
  .input(rotateWebhookUrlInput)
  .output(z.object({ webhookUrl: z.string(), previousUrl: z.string(), previousValidUntil: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const flow = await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    const before = webhookUrlOf(flow, ctx.services.gatewayUrl);
    if (!before) throw new AppError(AppErrorCode.BadRequest, `id: flow "${flow.name}" takes no webhooks (its trigger is not the webhook component)`);
    const until = new Date(Date.now() + input.graceHours * 3_600_000);
    const rotated = await rotateWebhookPath(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: flow.id, previousUntil: until });
    // the flow's route, when it has one: the new paths for every gateway (a worker writing it meanwhile reads them from the database)
    const raw = await ctx.services.redis.hget(keys.routes, flow.id);
    const parsed = raw ? routeSchema.safeParse(JSON.parse(raw)) : undefined;
    if (parsed?.success) {
      const route: Route = { ...parsed.data, hook: routeHookOf(rotated.hook, flow.id) };
      await ctx.services.redis.hset(keys.routes, flow.id, JSON.stringify(route));
      await ctx.services.redis.publish(keys.routesChannel, flow.id);
    }
    const webhookUrl = webhookUrlOf(rotated, ctx.services.gatewayUrl) as string;
    // the new URL is itself a secret of sorts: the audit says that it changed and until when the old one works
    await audit(ctx, "flow.webhook-url.rotate", flow.name, { flowId: flow.id, previousValidUntil: until.toISOString() });
    return { webhookUrl, previousUrl: before, previousValidUntil: until.toISOString() };
  });
