import { jsonataTruth } from "@interflow/flow";
import { sharedSandbox } from "@interflow/flow/sandbox";
import { defineAction, StepError } from "@interflow/sdk";
import { z } from "zod";
import { describeEvaluationError, jsonataField, stepsOf } from "../transform/expression";

export const filterConfigSchema = z.object({
  /** JSONata over the message body (`$headers`, `$steps` bound): the message goes on when it holds */
  condition: jsonataField("a JSONata condition"),
});
export type FilterConfig = z.infer<typeof filterConfigSchema>;

export const filter = defineAction<FilterConfig>({
  pure: true,
  title: "Filter",
  description: "Keeps a message when its condition holds; the others are counted as filtered.",
  config: filterConfigSchema,
  help: { description: "Lets through only the messages for which a JSONata condition holds, unchanged. To send messages different ways, put conditions on the connections instead.", link: "components/filter#keep" },
  fields: [
    {
      key: "condition",
      label: "Keep the message when",
      type: "code",
      language: "jsonata",
      required: true,
      placeholder: 'status = "paid" and total > 0',
      help: {
        description: "A JSONata condition over the message body ($headers and $steps.<stepId> bound). It holds when its value is true, a non-empty text, a number other than 0, or a non-empty list or object ($boolean).",
        link: "https://docs.jsonata.org/boolean-functions#boolean",
      },
    },
  ],
  process: async (ctx) => {
    const { condition } = ctx.config;
    let value: unknown;
    try {
      value = await sharedSandbox().evaluate(condition, ctx.message.body, { headers: ctx.message.headers, steps: stepsOf(ctx.message) });
    } catch (err) {
      const error = describeEvaluationError(err);
      throw new StepError(`filter condition failed: ${error.message}${error.position !== undefined ? ` (at character ${error.position} of the condition)` : ""}`, {
        details: { condition, error },
        cause: err,
      });
    }
    if (jsonataTruth(value)) ctx.emit.data(ctx.message.body, { headers: ctx.message.headers });
    else ctx.emit.filtered();
  },
});
