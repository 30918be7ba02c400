import { AppError, AppErrorCode, describeIssues, type FlowDocument, validateFlow } from "@interflow/flow";
import { sharedSandbox } from "@interflow/flow/sandbox";
import { z } from "zod";
import { invalidFlowError } from "../../errors";
import { runFlow } from "../../flow-runs/run-flow";
import { workerStepRunner } from "../../flow-runs/worker-step";
import { editorProcedure } from "../../trpc";
import { workspaceCatalog, workspaceComponents } from "../../workspace-components";
import { MAX_DRAFT_BYTES } from "./drafts";
import { requireFlow } from "./require-flow";
import { stepRunSchema } from "./test";

export const testRunInput = z.object({
  id: z.string().min(1),
  /** the draft as the designer has it (it must be a valid flow to run) */
  document: z.unknown(),
  /** the body the trigger's message carries (a sample, or typed) */
  input: z.unknown().refine((v) => v !== undefined, "is required: the body the trigger receives"),
  headers: z.record(z.string(), z.unknown()).default({}),
  /** run the steps that may call an application (http, database …) too; otherwise they are skipped */
  withEffects: z.boolean().default(false),
});

export const testRunOutput = z.object({
  steps: z.record(z.string(), z.array(stepRunSchema)),
  truncated: z.boolean(),
  routingErrors: z.array(z.string()),
  /** steps that were not run because they may call an application and `withEffects` was not set */
  skipped: z.array(z.string()),
});

/**
 * The designer's "Test flow": one message through the draft, every step in order as the runners
 * would send it (conditions, mappings, splits), each action run once in the worker as single-step
 * runs are. Steps that may call an application run only with `withEffects` (the person confirmed);
 * otherwise they are skipped, and the message goes no further there.
 */
export const testRunProcedure = editorProcedure
  .input(testRunInput)
  .output(testRunOutput)
  .mutation(async ({ ctx, input }) => {
    const size = Buffer.byteLength(JSON.stringify({ document: input.document, input: input.input }) ?? "");
    if (size > MAX_DRAFT_BYTES) throw new AppError(AppErrorCode.BadRequest, `document: the draft with its input is ${size} bytes, over the limit of ${MAX_DRAFT_BYTES}`);
    const { db } = ctx.services;
    const flow = await requireFlow(db, { workspaceId: ctx.workspaceId, flowId: input.id });
    const parsed = validateFlow(input.document, await workspaceCatalog(db, ctx.workspaceId));
    if (!parsed.ok) throw invalidFlowError(parsed.issues, describeIssues);
    const document: FlowDocument = parsed.flow;
    const components = await workspaceComponents(db, ctx.workspaceId, ctx.services.components);
    const pure = (component: string, fn: string) => components.find((c) => c.name === component)?.functions[fn]?.pure === true;
    const skipped = new Set<string>();
    const run = await runFlow(
      {
        runStep: workerStepRunner(ctx.services, { workspaceId: ctx.workspaceId, document, flow }),
        evaluate: (source, value, bindings) => sharedSandbox().evaluate(source, value, bindings),
        skips: (node) => {
          const skip = !input.withEffects && !pure(node.component, node.function);
          if (skip) skipped.add(node.id);
          return skip;
        },
      },
      { document, triggerId: parsed.triggerId, input: input.input, headers: input.headers },
    );
    return { ...run, skipped: [...skipped] };
  });
