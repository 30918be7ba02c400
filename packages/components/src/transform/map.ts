import { compileExpression } from "@interflow/flow";
import { evaluateMappingLimited } from "@interflow/flow/sandbox";
import { defineAction, StepError, type StepContext } from "@interflow/sdk";
import { z } from "zod";

export const mapConfigSchema = z.object({
  /** JSONata, evaluated against the message body with `$headers` and `$steps` bound */
  expression: z
    .string({ error: "must be a JSONata expression" })
    .trim()
    .min(1, "must not be empty")
    .superRefine((source, ctx) => {
      if (source === "") return;
      const compiled = compileExpression(source);
      if (!compiled.ok) ctx.addIssue({ code: "custom", message: `invalid JSONata expression: ${compiled.error.message}` });
    }),
});
export type MapConfig = z.infer<typeof mapConfigSchema>;

/** `$steps` when the runner hands over the whole envelope (StepContext does not promise it). */
function stepsOf(message: StepContext<MapConfig>["message"]): Record<string, unknown> {
  const steps = (message as { steps?: unknown }).steps;
  return steps !== null && typeof steps === "object" && !Array.isArray(steps) ? (steps as Record<string, unknown>) : {};
}

function describeEvaluationError(err: unknown): { message: string; code?: string; position?: number; token?: string } {
  const e = err as { message?: string; code?: string; position?: number; token?: string };
  return { message: e.message ?? String(err), code: e.code, position: e.position, token: e.token };
}

export const map = defineAction<MapConfig>({
  title: "Map",
  description: "Replaces the message body with the result of a JSONata expression.",
  config: mapConfigSchema,
  help: { description: "Turns each message into a new one with a JSONata expression over its body, $headers and $steps.<stepId>.", link: "components/transform#map" },
  fields: [
    {
      key: "expression",
      label: "Expression",
      type: "code",
      language: "jsonata",
      asMapping: true,
      required: true,
      placeholder: "{ \"id\": order.id, \"total\": $sum(items.(price * quantity)) }",
      help: {
        description: "What the step emits: fields, each a JSONata expression over the message body (earlier steps' outputs are $steps.<stepId>), or one JSONata expression in developer mode.",
        link: "https://docs.jsonata.org/overview.html",
      },
    },
  ],
  process: async (ctx) => {
    const { expression } = ctx.config;
    let result: unknown;
    try {
      result = await evaluateMappingLimited(expression, ctx.message.body, { headers: ctx.message.headers, steps: stepsOf(ctx.message) });
    } catch (err) {
      const error = describeEvaluationError(err);
      throw new StepError(`transform expression failed: ${error.message}`, { details: { expression, error }, cause: err });
    }
    ctx.emit.data(result);
  },
});
