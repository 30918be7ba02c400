import { evaluateMappingLimited } from "@interflow/flow/sandbox";
import { defineAction, StepError } from "@interflow/sdk";
import { z } from "zod";
import { describeEvaluationError, jsonataField, stepsOf } from "./expression";

export const mapConfigSchema = z.object({
  /** JSONata, evaluated against the message body with `$headers` and `$steps` bound */
  expression: jsonataField(),
});
export type MapConfig = z.infer<typeof mapConfigSchema>;

export const map = defineAction<MapConfig>({
  pure: true,
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
