import type { DashboardFlow } from "@interflow/api";
import { DateTime } from "@/components/date-time";

/** A polling flow's line on the dashboard: its schedule, how the last run went, when the next one is. */
export function PollSummary({ polling }: { polling: NonNullable<DashboardFlow["polling"]> }) {
  const last = polling.lastRun;
  return (
    <p className="text-xs text-slate-600" data-testid="poll-summary" data-runs={last?.runs ?? 0}>
      Polls {polling.schedule}
      {last && (
        <>
          {" · last "}
          <DateTime value={last.at} format="seconds" />
          {last.error ? <span className="text-red-700">: failed: {last.error}</span> : `: ${last.emitted} emitted`}
        </>
      )}
      {polling.nextRunAt && (
        <>
          {" · next "}
          <DateTime value={polling.nextRunAt} format="seconds" />
        </>
      )}
    </p>
  );
}
