import Link from "next/link";
import { DateTime } from "@/components/date-time";
import { CELL, HEADER_CELL } from "@/flow-detail/detail-section";
import type { RouterOutputs } from "@/trpc/outputs";
import { formatDuration } from "./duration";
import { ExecutionStatusBadge } from "./execution-status";

export type ExecutionRow = RouterOutputs["executions"]["list"]["items"][number];

const LINK = "font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 rounded-sm";

/** The address of an execution's page. */
export function executionHref(flowId: string, executionId: string): string {
  return `/flows/${flowId}/executions/${encodeURIComponent(executionId)}`;
}

/** One row per execution, newest first: status, start, duration, steps reached, where it failed, what it replays. */
export function ExecutionsTable({ flowId, executions }: { flowId: string; executions: ExecutionRow[] }) {
  return (
    <table className="min-w-full divide-y divide-slate-200" data-testid="executions-table">
      <caption className="sr-only">Executions, newest first</caption>
      <thead className="bg-slate-50/80">
        <tr>
          {["Status", "Started", "Duration", "Steps", "Error", "Replay of"].map((column) => (
            <th key={column} scope="col" className={HEADER_CELL}>
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {executions.map((execution) => (
          <tr key={execution.id} data-testid="execution-row" data-execution-id={execution.id} data-status={execution.status} className="hover:bg-slate-50/60">
            <td className={CELL}>
              <ExecutionStatusBadge status={execution.status} />
            </td>
            <td className={`${CELL} whitespace-nowrap`}>
              <Link href={executionHref(flowId, execution.id)} className={LINK} data-testid="execution-link" aria-label={`Execution ${execution.id}`}>
                <DateTime value={execution.startedAt} format="seconds" />
              </Link>
              <span className="block font-mono text-xs text-slate-400" title={execution.id}>
                {execution.id.slice(0, 12)}
              </span>
            </td>
            <td className={`${CELL} whitespace-nowrap tabular-nums`}>{execution.status === "running" ? "—" : formatDuration(execution.durationMs)}</td>
            <td className={`${CELL} tabular-nums`} data-testid="execution-steps">
              {execution.steps}
              {execution.retrying > 0 && <span className="block text-xs text-amber-700">{execution.retrying} waiting to retry</span>}
            </td>
            <td className={`${CELL} max-w-96`} data-testid="execution-error">
              {execution.error ? (
                <>
                  {execution.errorStep && <span className="font-mono text-xs text-slate-900">{execution.errorStep}: </span>}
                  <span className="line-clamp-2 break-words text-red-700" title={execution.error}>
                    {execution.error}
                  </span>
                </>
              ) : (
                <span className="text-slate-400">—</span>
              )}
            </td>
            <td className={`${CELL} whitespace-nowrap`}>
              {execution.replayOf ? (
                <Link href={executionHref(flowId, execution.replayOf)} className={`${LINK} font-mono text-xs`} data-testid="replay-of" title={execution.replayOf}>
                  {execution.replayOf.slice(0, 12)}
                </Link>
              ) : (
                <span className="text-slate-400">—</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
