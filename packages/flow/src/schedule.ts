import { CronExpressionParser } from "cron-parser";
import { z } from "zod";

/** How often a polling trigger runs when its flow sets no schedule. */
export const DEFAULT_SCHEDULE = { every: "3m" } as const;
/** The shortest interval a schedule may have (a source polled more often is better served by a webhook). */
export const MIN_EVERY_MS = 5_000;

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const EVERY = /^(\d+(?:\.\d+)?)(s|m|h|d)$/;

/** "30s", "5m", "1.5h", "1d" in milliseconds; undefined when it is not such a duration. */
export function durationMs(every: string): number | undefined {
  const match = EVERY.exec(every.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
}

function validTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Why a cron expression is refused, or undefined when it is a good one (5 fields, or 6 with seconds). */
function cronProblem(cron: string, timezone: string): string | undefined {
  const fields = cron.trim().split(/\s+/).length;
  if (fields !== 5 && fields !== 6) return `a cron expression has 5 fields (minute hour day month weekday), or 6 with seconds first; "${cron}" has ${fields}`;
  try {
    CronExpressionParser.parse(cron, { tz: timezone }).next();
    return undefined;
  } catch (error) {
    return `"${cron}" is not a valid cron expression: ${(error as Error).message}`;
  }
}

/**
 * When a polling trigger runs: `{ every: "30s" }` (s, m, h, d; at least 5 s), or a cron expression
 * in a time zone, `{ cron: "0 9 * * 1-5", timezone: "Europe/Berlin" }` (UTC unless given).
 */
export const scheduleSchema = z.union([
  z.strictObject({
    every: z.string().superRefine((every, ctx) => {
      const ms = durationMs(every);
      if (ms === undefined) ctx.addIssue({ code: "custom", message: `must be a duration like "30s", "5m", "1h" or "1d" (got "${every}")` });
      else if (ms < MIN_EVERY_MS) ctx.addIssue({ code: "custom", message: `must be at least 5s (got "${every}")` });
    }),
  }),
  z
    .strictObject({
      cron: z.string().min(1, "must be a cron expression, e.g. \"*/15 * * * *\""),
      timezone: z.string().default("UTC"),
    })
    .superRefine((schedule, ctx) => {
      if (!validTimeZone(schedule.timezone)) {
        ctx.addIssue({ code: "custom", path: ["timezone"], message: `"${schedule.timezone}" is not a time zone (an IANA name like "Europe/Berlin", or "UTC")` });
        return;
      }
      const problem = cronProblem(schedule.cron, schedule.timezone);
      if (problem) ctx.addIssue({ code: "custom", path: ["cron"], message: problem });
    }),
], { error: 'must be { "every": "30s" } or { "cron": "…", "timezone": "…" }' });
export type Schedule = z.infer<typeof scheduleSchema>;

/** The schedule as BullMQ's job schedulers take it. */
export function repeatOptionsOf(schedule: Schedule): { every: number } | { pattern: string; tz: string } {
  if ("every" in schedule) return { every: durationMs(schedule.every) ?? durationMs(DEFAULT_SCHEDULE.every) ?? 180_000 };
  return { pattern: schedule.cron, tz: schedule.timezone };
}

/** The next `count` runs after `from`, as the schedule says (an interval counts from `from`). */
export function nextRuns(schedule: Schedule, from: Date, count = 1): Date[] {
  if ("every" in schedule) {
    const ms = durationMs(schedule.every) ?? 180_000;
    return Array.from({ length: count }, (_, i) => new Date(from.getTime() + (i + 1) * ms));
  }
  const runs = CronExpressionParser.parse(schedule.cron, { tz: schedule.timezone, currentDate: from });
  return Array.from({ length: count }, () => runs.next().toDate());
}

/** The schedule in words: "every 30s", "cron 0 9 * * 1-5 (Europe/Berlin)". */
export function describeSchedule(schedule: Schedule): string {
  return "every" in schedule ? `every ${schedule.every}` : `cron ${schedule.cron} (${schedule.timezone})`;
}
