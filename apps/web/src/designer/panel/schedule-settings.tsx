"use client";

import { DEFAULT_SCHEDULE, nextRuns, type Schedule, scheduleSchema } from "@interflow/flow";
import { useId, useMemo, useState } from "react";
import { INPUT } from "@/components/button-styles";
import { DateTime } from "@/components/date-time";
import { useDesigner } from "../designer-context";

type Mode = "every" | "cron";

const ZONES: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf("timeZone");
  } catch {
    return ["UTC"];
  }
})();

/**
 * When the flow's polling trigger runs: every so often ("30s", "5m", "1h") or on a cron expression
 * in a time zone, with the next three runs shown; a wrong value is said at its field and not kept.
 */
export function ScheduleSettings({ canChange }: { canChange: boolean }) {
  const apply = useDesigner((s) => s.apply);
  const stored = useDesigner((s) => s.document.settings?.schedule);
  const current: Schedule = stored ?? { ...DEFAULT_SCHEDULE };
  const [mode, setMode] = useState<Mode>("every" in current ? "every" : "cron");
  const [every, setEvery] = useState("every" in current ? current.every : DEFAULT_SCHEDULE.every);
  const [cron, setCron] = useState("cron" in current ? current.cron : "*/15 * * * *");
  const [timezone, setTimezone] = useState("cron" in current ? current.timezone : (Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC"));
  const ids = { every: useId(), cron: useId(), timezone: useId() };

  const candidate = mode === "every" ? { every: every.trim() } : { cron: cron.trim(), timezone };
  const parsed = scheduleSchema.safeParse(candidate);
  const errorAt = (field: string) => (parsed.success ? undefined : parsed.error.issues.find((i) => i.path[0] === field || (i.path.length === 0 && field === mode))?.message);
  const upcoming = useMemo(() => (parsed.success ? nextRuns(parsed.data, new Date(), 3) : []), [parsed.success, parsed.data]);

  const commit = () => {
    if (!parsed.success) return;
    if (JSON.stringify(parsed.data) === JSON.stringify(current) && stored !== undefined) return;
    apply({ type: "set-schedule", schedule: parsed.data });
  };

  return (
    <section className="mt-6 rounded-lg border border-slate-200 px-3 py-3" data-testid="schedule-settings" aria-labelledby={`${ids.every}-title`}>
      <h3 id={`${ids.every}-title`} className="text-sm font-medium text-slate-800">
        Schedule
      </h3>
      <p className="mt-0.5 text-xs text-slate-500">When this trigger asks its source for what changed. A run never overlaps the previous one; Run now is on the flow's page.</p>
      <div className="mt-3 flex gap-4 text-sm" role="radiogroup" aria-label="Schedule kind">
        {(["every", "cron"] as const).map((m) => (
          <label key={m} className="flex items-center gap-1.5">
            <input type="radio" name={`${ids.every}-mode`} checked={mode === m} disabled={!canChange} onChange={() => setMode(m)} />
            {m === "every" ? "Every…" : "Cron expression"}
          </label>
        ))}
      </div>
      {mode === "every" ? (
        <div className="mt-3">
          <label htmlFor={ids.every} className="text-sm text-slate-700">
            Interval
          </label>
          <input id={ids.every} className={`${INPUT} mt-1`} value={every} disabled={!canChange} placeholder="3m" aria-invalid={errorAt("every") ? true : undefined} onChange={(e) => setEvery(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === "Enter" && commit()} />
          <FieldMessage text={errorAt("every")} testId="schedule-error-every" fallback='e.g. "30s", "5m", "1h", "1d" (at least 5s)' />
        </div>
      ) : (
        <div className="mt-3 space-y-3">
          <div>
            <label htmlFor={ids.cron} className="text-sm text-slate-700">
              Cron expression
            </label>
            <input id={ids.cron} className={`${INPUT} mt-1 font-mono`} value={cron} disabled={!canChange} aria-invalid={errorAt("cron") ? true : undefined} onChange={(e) => setCron(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === "Enter" && commit()} />
            <FieldMessage text={errorAt("cron")} testId="schedule-error-cron" fallback="minute hour day month weekday, e.g. 0 9 * * 1-5" />
          </div>
          <div>
            <label htmlFor={ids.timezone} className="text-sm text-slate-700">
              Time zone
            </label>
            <select id={ids.timezone} className={`${INPUT} mt-1`} value={timezone} disabled={!canChange} onChange={(e) => setTimezone(e.target.value)} onBlur={commit}>
              {[...new Set(["UTC", ...ZONES])].map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {upcoming.length > 0 && (
        <div className="mt-3 text-xs text-slate-600" data-testid="schedule-next-runs">
          Next runs (once started): {upcoming.map((d, i) => (
            <span key={d.toISOString()}>
              {i > 0 && ", "}
              <DateTime value={d} format="seconds" />
            </span>
          ))}
          {stored === undefined && " — the default, every 3 minutes"}
        </div>
      )}
    </section>
  );
}

function FieldMessage({ text, testId, fallback }: { text: string | undefined; testId: string; fallback: string }) {
  return text ? (
    <p className="mt-1 text-xs font-medium text-red-700" data-testid={testId}>
      {text}
    </p>
  ) : (
    <p className="mt-1 text-xs text-slate-500">{fallback}</p>
  );
}
