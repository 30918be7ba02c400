import { defineComponent, defineTrigger } from "@interflow/sdk";
import { z } from "zod";

/** What a tick carries besides its body: `$headers.schedule` in the next steps. */
export interface TickHeaders {
  schedule: {
    /** when the run started (ISO 8601) */
    firedAt: string;
    /** a run started with "Run now" rather than by the schedule */
    manual: boolean;
  };
}

/** The most a fixed body may weigh as JSON: it travels with every run. */
export const TICK_BODY_LIMIT_BYTES = 64 * 1024;

export const tickConfigSchema = z.object({
  /** the body of every run's message; none: `{ "firedAt": <ISO 8601> }` */
  body: z
    .unknown()
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      const text = JSON.stringify(value);
      if (text === undefined) ctx.addIssue({ code: "custom", message: "must be JSON" });
      else if (Buffer.byteLength(text) > TICK_BODY_LIMIT_BYTES) ctx.addIssue({ code: "custom", message: `must be at most ${TICK_BODY_LIMIT_BYTES / 1024} KB of JSON` });
    }),
});
export type TickConfig = z.infer<typeof tickConfigSchema>;

/**
 * A run on the flow's schedule: one message per run (and per "Run now"), with the fixed body when
 * the step has one, for flows whose next steps fetch on their own (an http request, a query).
 */
export const tick = defineTrigger<TickConfig>({
  title: "On a schedule",
  description: "Starts a run on the flow's schedule: one message each time, with a fixed body if you give one.",
  config: tickConfigSchema,
  help: {
    description:
      "For flows that fetch on their own: each run on the flow's schedule (set it on this step or in the flow's settings; every 3 minutes unless set) sends one message to the next steps. Its body is the fixed body you give, or { \"firedAt\": … }; $headers.schedule.firedAt is when the run started.",
    link: "components/schedule#tick",
  },
  fields: [
    {
      key: "body",
      type: "json",
      label: "Body",
      placeholder: '{ "report": "daily" }',
      help: { description: "The body of every run's message (JSON, at most 64 KB). Leave it empty for { \"firedAt\": <when the run started> }." },
    },
  ],
  poll: async (ctx) => {
    const firedAt = ctx.now.toISOString();
    const headers: TickHeaders = { schedule: { firedAt, manual: ctx.manual === true } };
    ctx.emit.data(ctx.config.body === undefined ? { firedAt } : ctx.config.body, { headers: headers as unknown as Record<string, unknown> });
  },
});

export const scheduleComponent = defineComponent({
  name: "schedule",
  title: "Schedule",
  description: "Starts a flow at set times.",
  icon: "clock",
  help: { description: "Starts a flow on its schedule (every few minutes, hourly, daily, or at the times a cron expression names).", link: "components/schedule" },
  functions: { tick },
});
