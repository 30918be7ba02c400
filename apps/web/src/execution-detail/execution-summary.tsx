import Link from "next/link";
import { CopyButton } from "@/components/copy-button";
import { DateTime } from "@/components/date-time";
import { formatDuration } from "@/executions/duration";
import { ExecutionStatusBadge } from "@/executions/execution-status";
import { executionHref } from "@/executions/executions-table";
import type { RouterOutputs } from "@/trpc/outputs";

export type ExecutionView = RouterOutputs["executions"]["get"];

const TERM = "text-xs font-medium uppercase tracking-wide text-slate-500";
const LINK = "font-medium text-indigo-700 hover:underline";

/** The execution at a glance: status, flow and version, when and how long, what it replays, the message that started it. */
export function ExecutionSummary({ execution }: { execution: ExecutionView }) {
  const over = execution.status !== "running" && execution.status !== "retrying";
  const waiting = [
    execution.pending > 0 && `${execution.pending} on their way`,
    execution.retrying > 0 && `${execution.retrying} waiting to retry`,
    execution.failed > 0 && `${execution.failed} failed`,
    execution.dropped > 0 && `${execution.dropped} dropped`,
  ].filter(Boolean);
  return (
    <section aria-labelledby="execution-title" className="rounded-xl border border-slate-200 bg-white px-6 py-5 shadow-sm" data-testid="execution-summary">
      <div className="flex flex-wrap items-center gap-3">
        <h1 id="execution-title" className="text-2xl font-semibold tracking-tight text-slate-900">
          Execution
        </h1>
        <ExecutionStatusBadge status={execution.status} />
      </div>
      <p className="mt-1 text-sm text-slate-500">
        Of{" "}
        <Link href={`/flows/${execution.flowId}`} className={LINK} data-testid="execution-flow">
          {execution.flowName}
        </Link>{" "}
        · version {execution.flowVersion}
      </p>
      <dl className="mt-5 grid gap-x-8 gap-y-4 border-t border-slate-100 pt-5 sm:grid-cols-3">
        <div>
          <dt className={TERM}>Started</dt>
          <dd className="mt-1 text-sm text-slate-900">
            <DateTime value={execution.startedAt} format="seconds" />
          </dd>
        </div>
        <div>
          <dt className={TERM}>Duration</dt>
          <dd className="mt-1 text-sm text-slate-900" data-testid="execution-duration">
            {over ? formatDuration(execution.durationMs) : `${formatDuration(execution.durationMs)} so far`}
          </dd>
        </div>
        <div>
          <dt className={TERM}>Steps passed</dt>
          <dd className="mt-1 text-sm text-slate-900">
            {execution.steps}
            {waiting.length > 0 && <span className="block text-xs text-slate-500">Messages: {waiting.join(", ")}</span>}
          </dd>
        </div>
        <div className="sm:col-span-2">
          <dt className={TERM}>Message id</dt>
          <dd className="mt-1 flex items-center gap-2">
            <code className="truncate rounded-md bg-slate-50 px-2 py-1 font-mono text-sm text-slate-700 ring-1 ring-inset ring-slate-200" data-testid="execution-message-id">
              {execution.messageId}
            </code>
            <CopyButton value={execution.messageId} label="Copy the message id" />
          </dd>
        </div>
        <div>
          <dt className={TERM}>Replay of</dt>
          <dd className="mt-1 text-sm text-slate-900">
            {execution.replayOf ? (
              <Link href={executionHref(execution.flowId, execution.replayOf)} className={`${LINK} font-mono`} data-testid="execution-replay-of">
                {execution.replayOf.slice(0, 16)}
              </Link>
            ) : (
              <span className="text-slate-500">None: the message came in</span>
            )}
          </dd>
        </div>
        {execution.error && (
          <div className="sm:col-span-3">
            <dt className={TERM}>Error</dt>
            <dd className="mt-1 text-sm text-red-700" data-testid="execution-error">
              {execution.errorStep && <span className="font-mono text-slate-900">{execution.errorStep}: </span>}
              {execution.error}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
