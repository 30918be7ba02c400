import { DateTime } from "@/components/date-time";
import { formatDuration } from "@/executions/duration";
import { StepRecordStatusBadge } from "@/executions/execution-status";
import type { StepRecord } from "./message-tree";
import { RecordBody } from "./record-body";

const PART = "rounded-lg border border-slate-200 px-3 py-2";
const SUMMARY = "cursor-pointer select-none text-xs font-semibold uppercase tracking-wide text-slate-500";

/**
 * One try of one message at one step: how it went, its error, and what went in and came out (a
 * try that was retried shows its bodies folded: the next try has the same input).
 */
export function StepRecordCard({ record }: { record: StepRecord }) {
  const unfolded = record.status !== "retrying";
  return (
    <article
      className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm"
      data-testid="step-record"
      data-step-id={record.stepId}
      data-attempt={record.attempt}
      data-status={record.status}
      aria-label={`Step ${record.stepId}, try ${record.attempt + 1}`}
    >
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h3 className="font-mono text-sm font-semibold text-slate-900">{record.stepId}</h3>
        <StepRecordStatusBadge status={record.status} />
        <span className="text-xs text-slate-600">try {record.attempt + 1}</span>
        <span className="text-xs tabular-nums text-slate-600">{formatDuration(record.durationMs)}</span>
        <span className="text-xs text-slate-600">{record.replica < 0 ? "recorded by the worker" : `replica ${record.replica}`}</span>
        <span className="text-xs text-slate-500">
          <DateTime value={record.startedAt} format="seconds" />
        </span>
        {record.status === "ok" && <span className="text-xs text-slate-500">{record.outputs === 1 ? "1 message out" : `${record.outputs} messages out`}</span>}
        {record.filtered > 0 && (
          <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-900" data-testid="record-filtered" title="Its way ended here on purpose: no connection's condition took it, or a filter did not keep it">
            {record.filtered === 1 ? "1 filtered" : `${record.filtered} filtered`}
          </span>
        )}
        <span className="text-xs text-slate-400">v{record.flowVersion}</span>
      </header>
      {record.error && (
        <p role="note" className="mt-2 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="record-error">
          <span className="font-medium">{record.error.kind}</span>
          {record.error.httpStatus !== null && <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 font-mono text-xs">HTTP {record.error.httpStatus}</span>}
          <span className="mt-1 block break-words">{record.error.message}</span>
        </p>
      )}
      <div className="mt-3 grid gap-2 lg:grid-cols-2">
        <details className={PART} open={unfolded}>
          <summary className={SUMMARY}>Input</summary>
          <div className="mt-2">
            <RecordBody value={record.input} cut={record.inputCut} testId="record-input" />
          </div>
        </details>
        <details className={PART} open={unfolded}>
          <summary className={SUMMARY}>{record.status === "ok" ? "Output" : "Output (what the target answered)"}</summary>
          <div className="mt-2">
            <RecordBody value={record.output} cut={record.outputCut} testId="record-output" />
          </div>
        </details>
        <details className={`${PART} lg:col-span-2`}>
          <summary className={SUMMARY}>Input headers</summary>
          <div className="mt-2">
            <RecordBody value={record.inputHeaders} cut={false} testId="record-headers" />
          </div>
        </details>
      </div>
    </article>
  );
}
