import { workspaceComponents } from "../../workspace-components";
import { AppError, AppErrorCode } from "@interflow/flow";
import { optionsFunctionOf } from "@interflow/sdk";
import { z } from "zod";
import { workspaceProcedure } from "../../trpc";
import { sealedStepCredential } from "../samples/step-credential";
import { requireWorkerAnswer } from "../samples/worker-answer";

export const fieldOptionsOutput = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), options: z.array(z.object({ value: z.string(), label: z.string() })) }),
  z.object({ ok: z.literal(false), error: z.object({ message: z.string() }) }),
]);

/**
 * The options of a `dynamic-select` field, from the component's options function run in a worker
 * with the form as filled so far and the step's credential (its secrets sealed, opened only in the
 * worker). A function that fails answers `ok: false` with its message; a
 * field that has no such function is BAD_REQUEST.
 */
export const fieldOptionsProcedure = workspaceProcedure
  .input(
    z.object({
      component: z.string().min(1),
      function: z.string().min(1),
      /** the key of the dynamic-select field */
      field: z.string().min(1),
      config: z.record(z.string(), z.unknown()).default({}),
      /** the credential the step names: the list comes from its application */
      credentialId: z.string().min(1).optional(),
    }),
  )
  .output(fieldOptionsOutput)
  .query(async ({ ctx, input }) => {
    const component = (await workspaceComponents(ctx.services.db, ctx.workspaceId, ctx.services.components)).find((c) => c.name === input.component);
    if (!component) throw new AppError(AppErrorCode.BadRequest, `component: unknown component "${input.component}"`);
    const found = optionsFunctionOf(component, { function: input.function, field: input.field });
    if (!found.ok) throw new AppError(AppErrorCode.BadRequest, `field: ${found.message}`);
    const { credentialId, ...test } = input;
    const credential =
      credentialId === undefined ? undefined : await sealedStepCredential(ctx.services.db, { workspaceId: ctx.workspaceId, credentialId, component: component.name });
    const answer = await ctx.services.stepTests.fieldOptions({ ...test, workspaceId: ctx.workspaceId, credential, timeLimitMs: ctx.services.stepTestTimeLimitMs });
    return requireWorkerAnswer(answer);
  });
