import { sharedSandbox } from "@interflow/flow/sandbox";
import { defineAction, StepError } from "@interflow/sdk";
import { z } from "zod";
import { describeEvaluationError, jsonataField, stepsOf } from "../transform/expression";

/** The most messages one message may be split into, unless the step says otherwise. */
export const SPLIT_DEFAULT_MAX_ITEMS = 1_000;
export const SPLIT_MAX_ITEMS_LIMIT = 10_000;

export const splitConfigSchema = z.object({
  /** JSONata over the message body giving the list to split (`$headers`, `$steps` bound) */
  path: jsonataField("a JSONata path to a list"),
  /** a message whose list is longer fails (nothing of it is emitted) */
  maxItems: z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(SPLIT_MAX_ITEMS_LIMIT, `at most ${SPLIT_MAX_ITEMS_LIMIT}`)
    .default(SPLIT_DEFAULT_MAX_ITEMS),
});
export type SplitConfig = z.infer<typeof splitConfigSchema>;

/** What each message of a split knows of its place: `$headers.split` in the next steps. */
export interface SplitPosition {
  /** 0 for the first element */
  index: number;
  total: number;
  /** the id of the message that was split */
  of: string;
}

export const split = defineAction<SplitConfig>({
  pure: true,
  title: "Split",
  description: "Sends one message per element of a list in the message; each knows its position and the total.",
  config: splitConfigSchema,
  help: {
    description:
      "Turns a message holding a list (order lines, rows, contacts) into one message per element. The next steps find the position in $headers.split.index (from 0), the count in $headers.split.total and the original message's id in $headers.split.of. Earlier steps' outputs over 16 KB are not carried on ($steps.<id> of those is empty after a split): take what each element needs into it with the path, e.g. $map(lines, function($l) { $merge([$l, { \"orderId\": $$.id }]) }).",
    link: "components/split#items",
  },
  fields: [
    {
      key: "path",
      label: "List to split",
      type: "code",
      language: "jsonata",
      required: true,
      placeholder: "order.lines",
      help: { description: "A JSONata path (or expression) to the list whose elements become messages. A single value becomes one message; nothing, or an empty list, sends nothing (counted as filtered).", link: "https://docs.jsonata.org/path-operators" },
    },
    {
      key: "maxItems",
      label: "At most",
      type: "number",
      min: 1,
      max: SPLIT_MAX_ITEMS_LIMIT,
      unit: "messages",
      default: SPLIT_DEFAULT_MAX_ITEMS,
      help: { description: "A message with a longer list fails (it is kept as a failed message, nothing of it is sent), so a huge list cannot flood the next queue." },
    },
  ],
  process: async (ctx) => {
    const { path, maxItems } = ctx.config;
    let value: unknown;
    try {
      value = await sharedSandbox().evaluate(path, ctx.message.body, { headers: ctx.message.headers, steps: stepsOf(ctx.message) });
    } catch (err) {
      const error = describeEvaluationError(err);
      throw new StepError(`split path failed: ${error.message}${error.position !== undefined ? ` (at character ${error.position} of the path)` : ""}`, { details: { path, error }, cause: err });
    }
    const items = value === undefined ? [] : Array.isArray(value) ? value : [value];
    if (items.length > maxItems) {
      throw new StepError(`the list to split has ${items.length} elements, more than this step's ${maxItems} ("At most"): nothing was sent`, { details: { path, elements: items.length, maxItems } });
    }
    if (items.length === 0) {
      ctx.emit.filtered();
      return;
    }
    items.forEach((item, index) => {
      const position: SplitPosition = { index, total: items.length, of: ctx.message.id };
      ctx.emit.data(item, { headers: { ...ctx.message.headers, split: position } });
    });
  },
});
