import { sharedSandbox } from "@interflow/flow/sandbox";
import { defineAction, MAX_EMIT_DELAY_MS, StepError } from "@interflow/sdk";
import { z } from "zod";
import { describeEvaluationError, jsonataField, stepsOf } from "../transform/expression";

const MAX_DELAY_SECONDS = MAX_EMIT_DELAY_MS / 1000;

export const delayConfigSchema = z
  .object({
    /** wait for `seconds`, or until the time `until` takes from the message (unset: "until" when `until` is given) */
    wait: z.enum(["for", "until"], { error: 'must be "for" or "until"' }).optional(),
    /** how long each message waits */
    seconds: z
      .number({ error: "must be a number of seconds" })
      .int("must be a whole number of seconds")
      .min(1, "must be at least 1")
      .max(MAX_DELAY_SECONDS, `at most ${MAX_DELAY_SECONDS} (30 days)`)
      .default(60),
    /** JSONata over the message: the time it goes on (ISO 8601 text or epoch milliseconds) */
    until: jsonataField("a JSONata expression giving a time").optional(),
  })
  .superRefine((config, ctx) => {
    if (config.wait === "until" && config.until === undefined) ctx.addIssue({ code: "custom", path: ["until"], message: "must say when each message goes on (JSONata giving a time)" });
  });
export type DelayConfig = z.infer<typeof delayConfigSchema>;

/** How a step's messages wait: the `wait` it names, else until a time when it gives `until`, else for a while. */
export function waitModeOf(config: Pick<DelayConfig, "wait" | "until">): "for" | "until" {
  return config.wait ?? (config.until !== undefined ? "until" : "for");
}

/** The epoch milliseconds a value names: ISO 8601 text (with a time zone or Z) or a number of epoch milliseconds. */
export function timeOf(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(value.trim())) {
    const ms = Date.parse(value.trim());
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/**
 * Holds each message, then sends it on: after a wait, or at a time taken from the message. The
 * message waits in the next step's queue (a delayed job in Redis: it survives restarts), counted as
 * waiting on the flow's page; a time already past sends it on at once.
 */
export const delay = defineAction<DelayConfig>({
  pure: true,
  title: "Wait",
  description: "Holds each message for a while, or until a time taken from it, then sends it on.",
  config: delayConfigSchema,
  help: {
    description:
      "Each message waits — for a number of seconds, or until a time a JSONata expression takes from it (a reminder before a due date, a follow-up a day after an order) — then goes on unchanged. Waiting messages are kept in Redis (they survive restarts) and show as waiting on the flow's page. At most 30 days.",
    link: "components/delay#wait",
  },
  fields: [
    {
      key: "wait",
      label: "Wait",
      type: "select",
      options: [
        { value: "for", label: "For a while" },
        { value: "until", label: "Until a time taken from the message" },
      ],
      help: { description: "Left empty: until a time when \"Wait until\" is given, else for a while." },
    },
    { key: "seconds", label: "Wait for", type: "number", unit: "s", min: 1, max: MAX_DELAY_SECONDS, default: 60, help: { description: "How long each message waits, in seconds (3600 is an hour, 86400 a day), when it waits for a while." } },
    {
      key: "until",
      label: "Wait until",
      type: "code",
      language: "jsonata",
      placeholder: '$fromMillis($toMillis(dueDate) - 86400000)',
      help: { description: "JSONata over the message giving when it goes on: ISO 8601 text with a time zone (2026-12-24T09:00:00Z) or epoch milliseconds. A time past sends it on at once; more than 30 days ahead fails the message.", link: "https://docs.jsonata.org/date-time-functions" },
    },
  ],
  process: async (ctx) => {
    const { seconds, until } = ctx.config;
    let waitMs = seconds * 1000;
    if (waitModeOf(ctx.config) === "until" && until !== undefined) {
      let value: unknown;
      try {
        value = await sharedSandbox().evaluate(until, ctx.message.body, { headers: ctx.message.headers, steps: stepsOf(ctx.message) });
      } catch (err) {
        const error = describeEvaluationError(err);
        throw new StepError(`the time to wait until could not be worked out: ${error.message}${error.position !== undefined ? ` (at character ${error.position})` : ""}`, { details: { until, error }, cause: err });
      }
      const at = timeOf(value);
      if (at === undefined) {
        throw new StepError(`the time to wait until is ${JSON.stringify(value) ?? "nothing"}: it must be ISO 8601 text with a time zone or epoch milliseconds`, { details: { until, value } });
      }
      waitMs = at - Date.now();
      if (waitMs > MAX_EMIT_DELAY_MS) throw new StepError(`the time to wait until (${new Date(at).toISOString()}) is more than 30 days ahead`, { details: { until, value } });
    }
    ctx.emit.data(ctx.message.body, { headers: ctx.message.headers, ...(waitMs > 0 ? { delayMs: waitMs } : {}) });
  },
});
