import { createFlow, createFlowVersion, deleteFlow, type FlowRecord, getFlowVersion, listFlowVersions } from "@interflow/db";
import { diffFlowDocuments, type FlowState, flowDocumentSchema } from "@interflow/flow";
import { sendControlCommand } from "@interflow/queue";
import type { Caller } from "../../context";
import type { ApiServices } from "../../services";
import { z } from "zod";
import { audit } from "../../audit";
import { describeCaller } from "../../context";
import { editorProcedure, workspaceProcedure } from "../../trpc";
import { requireValidFlowInWorkspace } from "./flow-credentials";
import { flowIdInput, flowSummaryOf, flowSummarySchema } from "./flow-views";
import { checkRemovedSteps, dropQueuedInput } from "./removed-steps";
import { requireFlow } from "./require-flow";

/** A running or sleeping flow runs its current version: a new one restarts its runners on it (a suspended one's queues follow it). */
export async function redeployIfRunning(
  ctx: { services: ApiServices; caller: Caller },
  flow: { id: string; state: FlowState; version: number },
  cause = `version ${flow.version} published by ${describeCaller(ctx.caller)}`,
): Promise<boolean> {
  // a suspended flow keeps its queues: those of steps the version removed are dropped (and counted) now
  if (flow.state !== "running" && flow.state !== "sleeping" && flow.state !== "suspended") return false;
  await sendControlCommand(ctx.services.controlQueue, { type: "redeploy", flowId: flow.id, workspaceId: ctx.caller.workspaceId, cause });
  return true;
}

const versionNumber = (field: string) => z.number({ error: `${field}: a version number` }).int(`${field}: a whole number`).min(1, `${field}: at least 1`);
const versionSummary = z.object({ version: z.number(), createdAt: z.date(), author: z.string().nullable(), current: z.boolean() });
const nameSchema = z.string().trim().min(1, "name: a flow needs a name").max(200, "name: at most 200 characters");

/** The version history of a flow: every version with its author and time, the current one marked. */
export const flowVersionsProcedure = workspaceProcedure
  .input(flowIdInput)
  .output(z.object({ versions: z.array(versionSummary) }))
  .query(async ({ ctx, input }) => ({ versions: await listFlowVersions(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id }) }));

/** One version with its document. */
export const flowVersionProcedure = workspaceProcedure
  .input(flowIdInput.extend({ version: versionNumber("version") }))
  .output(versionSummary.extend({ document: flowDocumentSchema }))
  .query(({ ctx, input }) => getFlowVersion(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id, version: input.version }));

/** What changed from one version to another (steps, connections, name, settings). */
export const flowDiffProcedure = workspaceProcedure
  .input(flowIdInput.extend({ from: versionNumber("from"), to: versionNumber("to") }))
  .output(
    z.object({
      from: z.number(),
      to: z.number(),
      diff: z.object({
        name: z.object({ from: z.string(), to: z.string() }).optional(),
        type: z.object({ from: z.string(), to: z.string() }).optional(),
        settings: z.object({ from: z.unknown(), to: z.unknown() }).optional(),
        nodes: z.object({
          added: z.array(z.string()),
          removed: z.array(z.string()),
          changed: z.array(z.object({ id: z.string(), parts: z.array(z.string()) })),
          moved: z.array(z.string()),
        }),
        edges: z.object({ added: z.array(z.string()), removed: z.array(z.string()) }),
        same: z.boolean(),
      }),
    }),
  )
  .query(async ({ ctx, input }) => {
    const scope = { workspaceId: ctx.workspaceId, flowId: input.id };
    const [from, to] = await Promise.all([
      getFlowVersion(ctx.services.db, { ...scope, version: input.from }),
      getFlowVersion(ctx.services.db, { ...scope, version: input.to }),
    ]);
    return { from: input.from, to: input.to, diff: diffFlowDocuments(from.document, to.document) };
  });

/**
 * Makes an old version current again, as a new version (history is never rewritten); a running
 * flow is restarted on it. It is checked as a publish is: one whose steps use a credential that is
 * gone is refused, naming the steps.
 */
export const restoreFlowVersionProcedure = editorProcedure
  .input(flowIdInput.extend({ version: versionNumber("version"), ...dropQueuedInput }))
  .output(flowSummarySchema)
  .mutation(async ({ ctx, input }) => {
    const flow = await restoreFlowVersion(ctx, { flowId: input.id, version: input.version, dropQueued: input.dropQueued });
    return flowSummaryOf(flow, ctx.services.gatewayUrl);
  });

/**
 * Makes version `version` current again as a new version, checked as a publish is, and restarts a
 * running flow on it (see restoreFlowVersionProcedure); `cause` says why, in its state history.
 */
export async function restoreFlowVersion(
  ctx: { services: ApiServices; caller: Caller; workspaceId: string },
  p: { flowId: string; version: number; dropQueued?: boolean; cause?: string },
): Promise<FlowRecord> {
  const scope = { workspaceId: ctx.workspaceId, flowId: p.flowId };
  const old = await getFlowVersion(ctx.services.db, { ...scope, version: p.version });
  const document = await requireValidFlowInWorkspace(ctx.services.db, { ...scope, document: old.document });
  const current = await requireFlow(ctx.services.db, scope);
  await checkRemovedSteps(ctx.services.redis, { flow: current, next: document, dropQueued: p.dropQueued });
  const flow = await createFlowVersion(ctx.services.db, { ...scope, document, author: describeCaller(ctx.caller) });
  const restarted = await redeployIfRunning(ctx, flow, p.cause);
  await audit(ctx, "flow.publish", flow.name, { flowId: flow.id, version: flow.version, restoredFrom: p.version, restarted });
  return flow;
}

/** A new name, as a new version of the flow (a running flow moves to it). */
export const renameFlowProcedure = editorProcedure
  .input(flowIdInput.extend({ name: nameSchema }))
  .output(flowSummarySchema)
  .mutation(async ({ ctx, input }) => {
    const current = await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    if (current.name === input.name) return flowSummaryOf(current, ctx.services.gatewayUrl);
    const flow = await createFlowVersion(ctx.services.db, {
      workspaceId: ctx.workspaceId,
      flowId: input.id,
      document: { ...current.document, name: input.name },
      author: describeCaller(ctx.caller),
    });
    await redeployIfRunning(ctx, flow);
    await audit(ctx, "flow.rename", flow.name, { flowId: flow.id, from: current.name });
    return flowSummaryOf(flow, ctx.services.gatewayUrl);
  });

/** A stopped copy of the flow's current version, named "Copy of …" unless a name is given. */
export const duplicateFlowProcedure = editorProcedure
  .input(flowIdInput.extend({ name: nameSchema.optional() }))
  .output(flowSummarySchema)
  .mutation(async ({ ctx, input }) => {
    const source = await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    const name = input.name ?? `Copy of ${source.name}`.slice(0, 200);
    const flow = await createFlow(ctx.services.db, { workspaceId: ctx.workspaceId, document: { ...source.document, name }, author: describeCaller(ctx.caller) });
    await audit(ctx, "flow.duplicate", flow.name, { flowId: flow.id, from: source.id });
    return flowSummaryOf(flow, ctx.services.gatewayUrl);
  });

/** Deletes a stopped flow with its versions and history; a running one must be stopped first. */
export const deleteFlowProcedure = editorProcedure
  .input(flowIdInput)
  .output(z.object({ id: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const { name } = await deleteFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    await audit(ctx, "flow.delete", name, { flowId: input.id });
    return { id: input.id };
  });
