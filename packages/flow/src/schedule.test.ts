import { describe, expect, it } from "vitest";
import { flowSettingsSchema } from "./document";
import { describeSchedule, durationMs, nextRuns, repeatOptionsOf, scheduleSchema } from "./schedule";

const issues = (value: unknown) => {
  const parsed = flowSettingsSchema.safeParse({ schedule: value });
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("schedules", () => {
  it("takes an interval (s, m, h, d) of at least 5 s, and says what is wrong with any other", () => {
    expect(durationMs("30s")).toBe(30_000);
    expect(durationMs("1.5h")).toBe(5_400_000);
    expect(repeatOptionsOf(scheduleSchema.parse({ every: "3m" }))).toEqual({ every: 180_000 });
    expect(issues({ every: "2s" })).toEqual(['schedule.every: must be at least 5s (got "2s")']);
    expect(issues({ every: "soon" })).toEqual(['schedule.every: must be a duration like "30s", "5m", "1h" or "1d" (got "soon")']);
  });

  it("takes a cron expression in a time zone (UTC by default), refusing a bad expression or zone at its field", () => {
    expect(scheduleSchema.parse({ cron: "*/15 * * * *" })).toEqual({ cron: "*/15 * * * *", timezone: "UTC" });
    expect(repeatOptionsOf(scheduleSchema.parse({ cron: "0 9 * * 1-5", timezone: "Europe/Berlin" }))).toEqual({ pattern: "0 9 * * 1-5", tz: "Europe/Berlin" });
    expect(issues({ cron: "61 * * * *" })).toEqual([expect.stringMatching(/^schedule\.cron: "61 \* \* \* \*" is not a valid cron expression: /)]);
    expect(issues({ cron: "* * *" })).toEqual(['schedule.cron: a cron expression has 5 fields (minute hour day month weekday), or 6 with seconds first; "* * *" has 3']);
    expect(issues({ cron: "0 9 * * *", timezone: "Mars/Base" })).toEqual(['schedule.timezone: "Mars/Base" is not a time zone (an IANA name like "Europe/Berlin", or "UTC")']);
    expect(issues({ every: "30s", cron: "* * * * *" })).toHaveLength(1);
  });

  it("fires a cron schedule at the right instants in its time zone, across a daylight-saving change", () => {
    const weekdays9 = scheduleSchema.parse({ cron: "0 9 * * 1-5", timezone: "Europe/Berlin" });
    // Friday 27 March 2026, noon UTC; Berlin moves to summer time on Sunday 29 March
    const runs = nextRuns(weekdays9, new Date("2026-03-27T12:00:00Z"), 3).map((d) => d.toISOString());
    expect(runs).toEqual(["2026-03-30T07:00:00.000Z", "2026-03-31T07:00:00.000Z", "2026-04-01T07:00:00.000Z"]);
    const before = nextRuns(weekdays9, new Date("2026-03-26T00:00:00Z"), 1)[0]?.toISOString();
    expect(before).toBe("2026-03-26T08:00:00.000Z"); // 09:00 CET is 08:00 UTC
    expect(nextRuns(scheduleSchema.parse({ every: "30s" }), new Date("2026-01-01T00:00:00Z"), 2).map((d) => d.toISOString())).toEqual([
      "2026-01-01T00:00:30.000Z",
      "2026-01-01T00:01:00.000Z",
    ]);
    expect(describeSchedule(weekdays9)).toBe("cron 0 9 * * 1-5 (Europe/Berlin)");
  });
});
