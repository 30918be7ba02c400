import { randomUUID } from "node:crypto";
import { platformFetch } from "@interflow/components";
import type { StepRecords, StepStats } from "@interflow/queue";
import type { ComponentFunction, StepCredential, StepLogger, Subscription } from "@interflow/sdk";
import type { Job } from "bullmq";
import type { StepOutput } from "./step-output";
import type { StepRouter } from "./step-routes";
import { routeTriggerMessages, triggerMessage } from "./trigger-output";

export interface PushRunContext {
  flowId: string;
  stepId: string;
  replica: number;
  flowVersion: number;
  fn: ComponentFunction;
  config: unknown;
  credential?: StepCredential;
  output: StepOutput;
  router: StepRouter;
  records: StepRecords;
  stats: StepStats;
  logger: StepLogger;
  signal: AbortSignal;
}

/**
 * A push trigger's subscription (a broker's queue or topic), on the step's first replica: each
 * message the component emits starts an execution, and `emit` resolves only once the message and
 * its record are durably in Redis — the component acknowledges it to the broker after that, so a
 * runner killed in between leaves the message with the broker, which delivers it again. Undefined
 * when the step does not push (or this is another replica: one subscription per step).
 */
export async function startPushTrigger(ctx: PushRunContext): Promise<Subscription | undefined> {
  const subscribe = ctx.fn.kind === "trigger" ? ctx.fn.subscribe : undefined;
  if (!subscribe || ctx.replica !== 0) return undefined;
  const { flowId, stepId, logger } = ctx;
  const subscription = await subscribe({
    config: ctx.config,
    credential: ctx.credential,
    logger,
    fetch: platformFetch,
    signal: ctx.signal,
    subscriberId: `interflow-${flowId}-${stepId}`,
    emit: async (body, options) => {
      const startedAt = Date.now();
      const id = randomUUID();
      const message = triggerMessage({ flowId, flowVersion: ctx.flowVersion, stepId }, id, { body, headers: options?.headers ?? {} });
      const { children, records, filtered, failed } = await routeTriggerMessages(ctx, [message], { startedAt, durationMs: 0 });
      // the hand-over's id is the message's: written once, however often it is tried
      await ctx.output.handOver({ job: { id: `push:${id}` } as Job, children, records });
      ctx.stats.add("in", 1);
      ctx.stats.add("out", children.length);
      ctx.stats.add("filtered", filtered);
      ctx.stats.add("errors", failed);
    },
  });
  logger.info("push trigger subscribed", { subscriberId: `interflow-${flowId}-${stepId}` });
  return subscription;
}
