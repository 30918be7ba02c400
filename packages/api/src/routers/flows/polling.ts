import type { Db } from "@interflow/db";
import type { ComponentDefinition } from "@interflow/sdk";
import { workspaceComponents } from "../../workspace-components";
import { randomUUID } from "node:crypto";
import { pollingTriggerOf } from "@interflow/components";
import { AppError, AppErrorCode, describeSchedule } from "@interflow/flow";
import { flowQueuePrefix, keys, nextPollAt, POLL_JOB, pollRunSchema, type Redis, readPollRun, readSnapshot } from "@interflow/queue";
import { Queue } from "bullmq";
import { z } from "zod";
import { audit } from "../../audit";
import { describeCaller } from "../../context";
import { editorProcedure, workspaceProcedure } from "../../trpc";
import { flowIdInput, flowStateSchema } from "./flow-views";
import { requireFlow } from "./require-flow";

type LoadedFlow = Awaited<ReturnType<typeof requireFlow>>;

async function requirePolling(db: Db, flow: LoadedFlow) {
  const polling = pollingTriggerOf(flow.document, await workspaceComponents(db, flow.workspaceId));
  if (!polling) throw new AppError(AppErrorCode.BadRequest, `id: flow "${flow.name}" does not poll: its trigger runs when a request arrives, not on a schedule`);
  return polling;
}

/** A polling flow's trigger: its schedule, last and next run, and snapshot (null for other flows). */
export const pollViewSchema = z
  .object({
    stepId: z.string(),
    schedule: z.string(),
    nextRunAt: z.iso.datetime().nullable(),
    lastRun: pollRunSchema.nullable(),
    /** what the next run starts from (JSON; null: none yet, or reset) */
    snapshot: z.unknown(),
  })
  .nullable();

export async function pollViewOf(
  services: { redis: Redis },
  flow: Pick<LoadedFlow, "id" | "document">,
  /** the workspace's components (default: the built-ins) */
  components?: readonly ComponentDefinition[],
): Promise<z.infer<typeof pollViewSchema>> {
  const polling = pollingTriggerOf(flow.document, components);
  if (!polling) return null;
  const [next, lastRun, snapshot] = await Promise.all([
    nextPollAt(services.redis, flow.id, polling.stepId),
    readPollRun(services.redis, flow.id, polling.stepId),
    readSnapshot(services.redis, flow.id, polling.stepId),
  ]);
  return { stepId: polling.stepId, schedule: describeSchedule(polling.schedule), nextRunAt: next?.toISOString() ?? null, lastRun, snapshot: snapshot ?? null };
}

/** "Run now": the polling trigger runs at once, beside its schedule (one run at a time still). */
export const runFlowNowProcedure = editorProcedure
  .input(flowIdInput)
  .output(z.object({ id: z.string(), stepId: z.string(), state: flowStateSchema }))
  .mutation(async ({ ctx, input }) => {
    const flow = await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    const polling = await requirePolling(ctx.services.db, flow);
    if (flow.state !== "running") throw new AppError(AppErrorCode.Conflict, `flow "${flow.name}" is ${flow.state}: start it first; a run needs its step runners`);
    const queue = new Queue(polling.stepId, { connection: ctx.services.redis, prefix: flowQueuePrefix(flow.id) });
    try {
      await queue.add(POLL_JOB.name, { manual: true, requestedBy: describeCaller(ctx.caller) }, { ...POLL_JOB.options, jobId: `run-now-${randomUUID()}` });
    } finally {
      await queue.close();
    }
    await audit(ctx, "flow.run", flow.name, { flowId: flow.id });
    return { id: flow.id, stepId: polling.stepId, state: flow.state };
  });

/** A polling flow's schedule, last and next run, and snapshot. */
export const flowPollingProcedure = workspaceProcedure
  .input(flowIdInput)
  .output(pollViewSchema)
  .query(async ({ ctx, input }) => {
    const flow = await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    return pollViewOf(ctx.services, flow, await workspaceComponents(ctx.services.db, ctx.workspaceId));
  });

/**
 * Forgets the polling trigger's snapshot: the next run starts from nothing (a source asked for
 * everything). Only while the flow is stopped, so no run reads or writes it meanwhile.
 */
export const resetSnapshotProcedure = editorProcedure
  .input(flowIdInput)
  .output(z.object({ id: z.string(), stepId: z.string(), hadSnapshot: z.boolean() }))
  .mutation(async ({ ctx, input }) => {
    const flow = await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    const polling = await requirePolling(ctx.services.db, flow);
    if (flow.state !== "stopped") {
      throw new AppError(AppErrorCode.Conflict, `flow "${flow.name}" is ${flow.state}: stop it first; a snapshot is reset only while the flow is stopped, so no run reads or writes it meanwhile`);
    }
    const removed = await ctx.services.redis.hdel(keys.snapshots(flow.id), polling.stepId);
    await ctx.services.redis.del(keys.pollPending(flow.id, polling.stepId));
    await audit(ctx, "flow.snapshot-reset", flow.name, { flowId: flow.id, stepId: polling.stepId });
    return { id: flow.id, stepId: polling.stepId, hadSnapshot: removed > 0 };
  });
