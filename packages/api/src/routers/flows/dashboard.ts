import { workspaceComponents } from "../../workspace-components";
import { countFailedMessages, getWorkspace, latestTransitions, listFlows } from "@interflow/db";
import { AppError, AppErrorCode, MANUAL_EVENTS, nextState, triggerNodeOf } from "@interflow/flow";
import { pollRunSchema, queueLimitsOf, readFlowActivity } from "@interflow/queue";
import { z } from "zod";
import { workspaceProcedure } from "../../trpc";
import { credentialProblemSchema, credentialProblemsOf } from "./credential-problems";
import { flowStateSchema, flowSummaryOf, flowSummarySchema } from "./flow-views";
import { flowHealthOf, flowHealthShape } from "./flow-health";
import { pollViewOf } from "./polling";
import { readStepRunners, stepRunnersShape } from "./step-runners";
import { transitionSchema, transitionViewOf } from "./transition-view";

const countsSchema = z.object({ in: z.number(), out: z.number(), errors: z.number(), retries: z.number(), filtered: z.number() });

export const dashboardFlowSchema = flowSummarySchema.extend({
  /** the last transition: why the flow is in its state */
  lastTransition: transitionSchema.nullable(),
  /** the manual actions its state allows now (the dashboard's enabled buttons) */
  allowedActions: z.array(z.enum(MANUAL_EVENTS)),
  /** per step queue */
  limits: z.object({ messages: z.number(), bytes: z.number() }),
  steps: z.array(
    z.object({
      id: z.string(),
      component: z.string(),
      /** waiting: messages a delay step before it holds until their time; collected: messages in its open batches (both counted in messages too) */
      queued: z.object({ messages: z.number(), bytes: z.number(), waiting: z.number(), collected: z.number() }),
      lastMinute: countsSchema,
      lastHour: countsSchema,
      /** the step's credential failed its last check (its application refused it, say): fix it at `helpUrl` */
      credentialProblem: credentialProblemSchema.nullable(),
      ...stepRunnersShape,
    }),
  ),
  /** messages the flow took in (its trigger step: messages, not tries), tries that failed and are retried, messages that failed for good (all steps) */
  processed: z.object({ lastMinute: z.number(), lastHour: z.number() }),
  retried: z.object({ lastMinute: z.number(), lastHour: z.number() }),
  errored: z.object({ lastMinute: z.number(), lastHour: z.number() }),
  ...flowHealthShape,
  droppedAfterRetention: z.number(),
  /** webhook requests the gateways refused because the sender did not authenticate (401), all time; null: the flow takes no webhooks */
  webhookRefused: z.number().int().nullable(),
  /** a polling flow's trigger: its schedule, next and last run (null for a webhook flow) */
  polling: z.object({ stepId: z.string(), schedule: z.string(), nextRunAt: z.iso.datetime().nullable(), lastRun: pollRunSchema.nullable() }).nullable(),
});
export type DashboardFlow = z.infer<typeof dashboardFlowSchema>;

/**
 * Every flow of the workspace with its state, why and since when, what its queues hold against
 * their limits and what it processed lately; optionally only flows in some states.
 */
export const flowDashboardProcedure = workspaceProcedure
  .input(z.object({ states: z.array(flowStateSchema).optional() }).default({}))
  .output(z.object({ flows: z.array(dashboardFlowSchema), at: z.iso.datetime() }))
  .query(async ({ ctx, input }) => {
    const { db, redis, gatewayUrl, appUrl } = ctx.services;
    const workspace = await getWorkspace(db, { workspaceId: ctx.workspaceId });
    if (!workspace) throw new AppError(AppErrorCode.NotFound, `workspace ${ctx.workspaceId} not found`);
    const flows = (await listFlows(db, { workspaceId: ctx.workspaceId })).filter((flow) => !input.states || input.states.includes(flow.state));
    const last = await latestTransitions(db, { workspaceId: ctx.workspaceId, flowIds: flows.map((f) => f.id) });
    const credentialProblemOf = await credentialProblemsOf(db, { workspaceId: ctx.workspaceId, documents: flows.map((f) => f.document), appUrl });
    const now = Date.now();
    const components = await workspaceComponents(db, ctx.workspaceId);
    const failedCounts = await countFailedMessages(db, { flowIds: flows.map((f) => f.id) });
    const rows = await Promise.all(
      flows.map(async (flow): Promise<DashboardFlow> => {
        const activity = await readFlowActivity(
          redis,
          flow.id,
          flow.document.nodes.map((n) => n.id),
          now,
        );
        const [runnersOf, poll] = await Promise.all([readStepRunners(redis, flow.id), pollViewOf({ redis }, flow, components)]);
        const trigger = triggerNodeOf(flow.document)?.id;
        const sum = (window: "lastMinute" | "lastHour", counter: "in" | "errors" | "retries", only?: string) =>
          activity.steps.filter((s) => !only || s.stepId === only).reduce((total, s) => total + s[window][counter], 0);
        const context = { flowType: flow.type, limitedWorkspace: workspace.limited };
        const transition = last.get(flow.id);
        const summary = flowSummaryOf(flow, gatewayUrl);
        return {
          ...summary,
          lastTransition: transition ? transitionViewOf(transition) : null,
          allowedActions: MANUAL_EVENTS.filter((event) => nextState(flow.state, event, context) !== undefined),
          limits: queueLimitsOf({ document: flow.document, workspaceLimits: workspace.limits }),
          steps: activity.steps.map((step) => {
            const node = flow.document.nodes.find((n) => n.id === step.stepId);
            return {
              id: step.stepId,
              component: node?.component ?? "",
              queued: step.queued,
              lastMinute: step.lastMinute,
              lastHour: step.lastHour,
              credentialProblem: credentialProblemOf(node),
              ...runnersOf(step.stepId, node?.replicas),
            };
          }),
          processed: { lastMinute: sum("lastMinute", "in", trigger), lastHour: sum("lastHour", "in", trigger) },
          retried: { lastMinute: sum("lastMinute", "retries"), lastHour: sum("lastHour", "retries") },
          errored: { lastMinute: sum("lastMinute", "errors"), lastHour: sum("lastHour", "errors") },
          ...flowHealthOf(flow, activity.steps, failedCounts.get(flow.id) ?? 0),
          droppedAfterRetention: activity.droppedAfterRetention,
          webhookRefused: summary.webhookUrl ? activity.webhookRefused : null,
          polling: poll ? { stepId: poll.stepId, schedule: poll.schedule, nextRunAt: poll.nextRunAt, lastRun: poll.lastRun } : null,
        };
      }),
    );
    return { flows: rows, at: new Date(now).toISOString() };
  });
