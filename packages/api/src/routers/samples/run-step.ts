import { workspaceComponents } from "../../workspace-components";
import { AppError, AppErrorCode, compileExpression, mappingErrorText, stepSampleSchema, stepSamplesSchema } from "@interflow/flow";
import { evaluateMappingLimited } from "@interflow/flow/sandbox";
import { stepTestFailureKindSchema, stepTestLogLineSchema } from "@interflow/queue";
import { z } from "zod";
import { editorProcedure } from "../../trpc";
import { MAX_DRAFT_BYTES } from "../flows/drafts";
import { flowIdInput } from "../flows/flow-views";
import { requireFlow } from "../flows/require-flow";
import { requireFunction, requireValidConfig } from "./step-config";
import { stepTestCredentialOf } from "./step-credential";
import { stepInputOf } from "./step-input";
import { requireWorkerAnswer } from "./worker-answer";

const runStepInput = flowIdInput.extend({
  /** the draft document as the designer has it (it need not be valid as a whole) */
  document: z.unknown(),
  stepId: z.string().min(1),
  /** the samples of the draft's steps, by step id */
  samples: stepSamplesSchema.default({}),
});

const logs = z.array(stepTestLogLineSchema);
export const runStepOutput = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    /** the first emitted message (body null when the step emitted nothing) */
    sample: stepSampleSchema,
    /** how many messages the step emitted */
    emitted: z.number().int().min(0),
    /** the step ended the message's way on purpose (a filter that did not keep it): its sample is not what it emitted */
    filtered: z.boolean(),
    /** the body the step ran on: the previous step's sample through the step's mapping */
    input: z.unknown(),
    logs,
  }),
  z.object({
    ok: z.literal(false),
    error: z.object({ message: z.string(), kind: stepTestFailureKindSchema, details: z.unknown().optional() }),
    input: z.unknown(),
    logs,
  }),
]);
export type RunStepOutput = z.infer<typeof runStepOutput>;

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? "null");

/**
 * "Retrieve sample" of an action: runs the step once, in a worker, on the sample of the step before
 * it (through the step's mapping), signed in with the step's credential as a runner would be (its
 * secrets travel sealed, opened only in the worker). A failing step is an answer (`ok: false`), not
 * an error; a wrong config, or a credential the step cannot use, is BAD_REQUEST naming the field.
 */
export const runStepProcedure = editorProcedure
  .input(runStepInput)
  .output(runStepOutput)
  .mutation(async ({ ctx, input }): Promise<RunStepOutput> => {
    const size = Buffer.byteLength(JSON.stringify({ document: input.document, samples: input.samples }) ?? "");
    if (size > MAX_DRAFT_BYTES) throw new AppError(AppErrorCode.BadRequest, `document: the draft with its samples is ${size} bytes, over the limit of ${MAX_DRAFT_BYTES}`);
    const flow = await requireFlow(ctx.services.db, { workspaceId: ctx.workspaceId, flowId: input.id });
    const step = stepInputOf({ document: input.document, stepId: input.stepId, samples: input.samples });
    // a custom component's step runs in a runner of its own image (the worker sees to it)
    const fn = requireFunction(await workspaceComponents(ctx.services.db, ctx.workspaceId, ctx.services.components), step.node);
    if (fn.kind === "trigger") {
      throw new AppError(AppErrorCode.BadRequest, `stepId: "${input.stepId}" is the trigger: its sample comes from a test request (samples.listenForWebhook)`);
    }
    requireValidConfig(fn, step.node.config);
    const credential = await stepTestCredentialOf(ctx.services.db, { workspaceId: ctx.workspaceId, document: input.document, node: step.node });

    let body = step.incoming.body;
    if (step.node.mapping !== undefined) {
      const compiled = compileExpression(step.node.mapping);
      if (!compiled.ok) throw new AppError(AppErrorCode.BadRequest, `mapping: not valid JSONata: ${mappingErrorText(step.node.mapping, compiled.error)}`);
      try {
        body = asJson(await evaluateMappingLimited(step.node.mapping, body, { headers: step.incoming.headers, steps: step.steps }));
      } catch (error) {
        // as in a runner: a mapping that fails on the message fails the step
        return { ok: false, error: { kind: "step-error", message: `mapping failed: ${mappingErrorText(step.node.mapping, error as { message: string; position?: number })}` }, input: null, logs: [] };
      }
    }

    const answer = await ctx.services.stepTests.runStep({
      workspaceId: ctx.workspaceId,
      component: step.node.component,
      function: step.node.function,
      config: step.node.config,
      message: { body, headers: step.incoming.headers, steps: step.steps },
      flowId: flow.id,
      flowVersion: flow.version,
      stepId: step.node.id,
      credential,
      timeLimitMs: ctx.services.stepTestTimeLimitMs,
    });
    const result = requireWorkerAnswer(answer);
    if (!result.ok) return { ok: false, error: result.error, input: body, logs: result.logs };
    const first = result.emitted[0];
    return {
      ok: true,
      sample: { body: first?.body ?? null, headers: first?.headers ?? {}, source: "run", takenAt: new Date().toISOString() },
      emitted: result.emittedCount,
      filtered: result.filtered,
      input: body,
      logs: result.logs,
    };
  });
