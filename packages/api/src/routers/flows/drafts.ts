import { clearFlowDraft, createFlowVersion, type Db, getFlowDraft, saveFlowDraft } from "@interflow/db";
import { AppError, AppErrorCode, upgradeDocument } from "@interflow/flow";
import { z } from "zod";
import { audit } from "../../audit";
import { describeCaller } from "../../context";
import { editorProcedure, workspaceProcedure } from "../../trpc";
import { requireValidFlowInWorkspace, validateFlowInWorkspace } from "./flow-credentials";
import { flowIdInput, flowSummaryOf, flowSummarySchema } from "./flow-views";
import { checkRemovedSteps, dropQueuedInput } from "./removed-steps";
import { requireFlow } from "./require-flow";
import { redeployIfRunning } from "./versions";

/** A draft (document and samples) may not grow past this: it is saved on every edit. */
export const MAX_DRAFT_BYTES = 1024 * 1024;

const issueSchema = z.object({ rule: z.string(), nodeId: z.string().optional(), path: z.string(), message: z.string() });
const draftView = z.object({
  /** the draft, or the current version's document when there is none */
  document: z.unknown(),
  samples: z.record(z.string(), z.unknown()),
  isDraft: z.boolean(),
  updatedAt: z.date().nullable(),
  author: z.string().nullable(),
  /** the version the draft started from, and the flow's current version (newer: someone published meanwhile) */
  baseVersion: z.number(),
  currentVersion: z.number(),
  /** what keeps the draft from being published, from the same validation the server runs on publish (credentials included) */
  issues: z.array(issueSchema),
});

async function issuesOf(db: Db, p: { workspaceId: string; document: unknown; flowId: string }) {
  const validation = await validateFlowInWorkspace(db, p);
  return validation.ok ? [] : validation.issues;
}

/** The designer's working copy: the draft if there is one, else the current version. */
export const getDraftProcedure = workspaceProcedure
  .input(flowIdInput)
  .output(draftView)
  .query(async ({ ctx, input }) => {
    const scope = { workspaceId: ctx.workspaceId, flowId: input.id };
    const flow = await requireFlow(ctx.services.db, scope);
    const draft = await getFlowDraft(ctx.services.db, scope);
    // a draft saved with the built-ins' earlier names (a tab open across the upgrade) shown under the current ones
    const document = upgradeDocument(draft ? draft.document : flow.document);
    return {
      document,
      samples: draft?.samples ?? {},
      isDraft: draft !== null,
      updatedAt: draft?.updatedAt ?? null,
      author: draft?.author ?? null,
      baseVersion: draft?.baseVersion ?? flow.version,
      currentVersion: flow.version,
      issues: await issuesOf(ctx.services.db, { workspaceId: ctx.workspaceId, document, flowId: input.id }),
    };
  });

/** Autosave: keeps any document (valid or not) with the steps' samples, and says what is still wrong. */
export const saveDraftProcedure = editorProcedure
  .input(
    flowIdInput.extend({
      document: z.unknown(),
      samples: z.record(z.string(), z.unknown()).default({}),
      baseVersion: z.number().int().min(1, "baseVersion: the version the draft started from"),
    }),
  )
  .output(draftView)
  .mutation(async ({ ctx, input }) => {
    const size = Buffer.byteLength(JSON.stringify({ document: input.document, samples: input.samples }) ?? "");
    if (size > MAX_DRAFT_BYTES) {
      throw new AppError(AppErrorCode.BadRequest, `document: the draft with its samples is ${size} bytes, over the limit of ${MAX_DRAFT_BYTES}; use smaller samples`);
    }
    const scope = { workspaceId: ctx.workspaceId, flowId: input.id };
    const flow = await requireFlow(ctx.services.db, scope);
    const draft = await saveFlowDraft(ctx.services.db, {
      ...scope,
      document: upgradeDocument(input.document),
      samples: input.samples,
      author: describeCaller(ctx.caller),
      baseVersion: input.baseVersion,
    });
    const issues = await issuesOf(ctx.services.db, { workspaceId: ctx.workspaceId, document: draft.document, flowId: input.id });
    return { ...draft, isDraft: true, baseVersion: input.baseVersion, currentVersion: flow.version, issues };
  });

/** Throws the draft away: the designer shows the current version again. */
export const discardDraftProcedure = editorProcedure
  .input(flowIdInput)
  .output(z.object({ id: z.string() }))
  .mutation(async ({ ctx, input }) => {
    await clearFlowDraft(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    return { id: input.id };
  });

/**
 * Publishes the draft as the flow's next immutable version. An invalid draft is refused with all
 * its issues; a draft started from an older version than the current one is refused (someone
 * published meanwhile), and so is one that removes steps whose queues hold messages, unless the
 * person chose to drop them. A running or sleeping flow is restarted on the new version.
 */
export const publishDraftProcedure = editorProcedure
  .input(flowIdInput.extend(dropQueuedInput))
  .output(flowSummarySchema.extend({ restarted: z.boolean() }))
  .mutation(async ({ ctx, input }) => {
    const scope = { workspaceId: ctx.workspaceId, flowId: input.id };
    const current = await requireFlow(ctx.services.db, scope);
    const draft = await getFlowDraft(ctx.services.db, scope);
    if (!draft) throw new AppError(AppErrorCode.Conflict, "there is no draft to publish: edit the flow first");
    if (draft.baseVersion !== null && draft.baseVersion < current.version) {
      throw new AppError(
        AppErrorCode.Conflict,
        `version ${current.version} was published after this draft was started from version ${draft.baseVersion}: review the changes, then save the draft again`,
      );
    }
    const document = await requireValidFlowInWorkspace(ctx.services.db, { workspaceId: ctx.workspaceId, document: draft.document, flowId: input.id });
    await checkRemovedSteps(ctx.services.redis, { flow: current, next: document, dropQueued: input.dropQueued });
    const flow = await createFlowVersion(ctx.services.db, { ...scope, document, author: describeCaller(ctx.caller) });
    await clearFlowDraft(ctx.services.db, scope);
    const restarted = await redeployIfRunning(ctx, flow);
    await audit(ctx, "flow.publish", flow.name, { flowId: flow.id, version: flow.version, restarted });
    return { ...flowSummaryOf(flow, ctx.services.gatewayUrl), restarted };
  });
