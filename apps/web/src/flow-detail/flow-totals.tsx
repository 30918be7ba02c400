import type { DashboardFlow } from "@interflow/api";
import { formatCount } from "@/flows/numbers";

/** The flow's totals in small cards: processed, retried and failed in the last minute and hour, dropped after retention. */
export function FlowTotals({ flow }: { flow: DashboardFlow }) {
  const totals = [
    { testId: "processed-last-minute", label: "Processed", window: "last minute", value: flow.processed.lastMinute, alarming: false },
    { testId: "processed-last-hour", label: "Processed", window: "last hour", value: flow.processed.lastHour, alarming: false },
    { testId: "retried-last-minute", label: "Retried", window: "last minute", value: flow.retried.lastMinute, alarming: false },
    { testId: "retried-last-hour", label: "Retried", window: "last hour", value: flow.retried.lastHour, alarming: false },
    { testId: "errored-last-minute", label: "Failed", window: "last minute", value: flow.errored.lastMinute, alarming: true },
    { testId: "errored-last-hour", label: "Failed", window: "last hour", value: flow.errored.lastHour, alarming: true },
    { testId: "dropped-after-retention", label: "Dropped", window: "after retention", value: flow.droppedAfterRetention, alarming: true },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7" data-testid="flow-totals">
      {totals.map((total) => (
        <div key={total.testId} className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm">
          <dt className="text-xs text-slate-500">
            <span className="font-medium text-slate-700">{total.label}</span> · {total.window}
          </dt>
          <dd
            data-testid={total.testId}
            className={`mt-1 text-2xl font-semibold tabular-nums tracking-tight ${total.alarming && total.value > 0 ? "text-red-700" : "text-slate-900"}`}
          >
            {formatCount(total.value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}
