import Link from "next/link";
import { DateTime } from "@/components/date-time";
import { executionHref } from "@/executions/executions-table";
import { CELL, HEADER_CELL } from "@/flow-detail/detail-section";
import type { RouterOutputs } from "@/trpc/outputs";
import { bodyPreviewOf } from "./body-preview";

export type FailedMessage = RouterOutputs["executions"]["failed"]["items"][number];

interface FailedMessagesTableProps {
  flowId: string;
  messages: FailedMessage[];
  /** null: no selection and no actions (viewers) */
  selection: { selected: ReadonlySet<string>; toggle: (id: string) => void; toggleAll: () => void } | null;
  onEdit: ((message: FailedMessage) => void) | null;
}

const CHECKBOX = "size-4 rounded border-slate-300 accent-indigo-600";

/** One row per failed message: the step, when, how many tries, the error with its HTTP status, and the body the step got. */
export function FailedMessagesTable({ flowId, messages, selection, onEdit }: FailedMessagesTableProps) {
  const allSelected = selection !== null && messages.length > 0 && messages.every((m) => selection.selected.has(m.id));
  return (
    <table className="min-w-full divide-y divide-slate-200" data-testid="failed-messages-table">
      <caption className="sr-only">Failed messages, newest first</caption>
      <thead className="bg-slate-50/80">
        <tr>
          {selection && (
            <th scope="col" className={`${HEADER_CELL} w-10`}>
              <input type="checkbox" className={CHECKBOX} checked={allSelected} onChange={selection.toggleAll} aria-label="Select all failed messages shown" />
            </th>
          )}
          {["Step", "Failed at", "Tries", "Error", "Body"].map((column) => (
            <th key={column} scope="col" className={HEADER_CELL}>
              {column}
            </th>
          ))}
          {onEdit && (
            <th scope="col" className={HEADER_CELL}>
              <span className="sr-only">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {messages.map((message) => (
          <tr key={message.id} data-testid="failed-message-row" data-failed-id={message.id} data-message-id={message.messageId} className="align-top hover:bg-slate-50/60">
            {selection && (
              <td className={CELL}>
                <input
                  type="checkbox"
                  className={CHECKBOX}
                  checked={selection.selected.has(message.id)}
                  onChange={() => selection.toggle(message.id)}
                  aria-label={`Select the message failed at ${message.stepId}, ${message.id}`}
                  data-testid="select-failed-message"
                />
              </td>
            )}
            <td className={`${CELL} font-mono text-sm text-slate-900`} data-testid="failed-step">
              {message.stepId}
              <span className="block font-sans text-xs text-slate-400">v{message.flowVersion}</span>
            </td>
            <td className={`${CELL} whitespace-nowrap`}>
              <Link href={executionHref(flowId, message.executionId)} className="font-medium text-indigo-700 hover:underline" data-testid="failed-execution-link">
                <DateTime value={message.failedAt} format="seconds" />
              </Link>
              <span className="block font-mono text-xs text-slate-400" title={message.messageId}>
                {message.messageId.slice(0, 12)}
              </span>
            </td>
            <td className={`${CELL} tabular-nums`} data-testid="failed-tries">
              {message.attempts}
            </td>
            <td className={`${CELL} max-w-80`} data-testid="failed-error">
              <span className="flex flex-wrap items-center gap-1.5">
                {message.httpStatus !== null && (
                  <span className="rounded bg-red-100 px-1.5 py-0.5 font-mono text-xs font-medium text-red-800" data-testid="failed-http-status">
                    HTTP {message.httpStatus}
                  </span>
                )}
                <span className="text-xs text-slate-500">{message.errorKind}</span>
              </span>
              <span className="mt-1 line-clamp-3 block break-words text-red-700" title={message.error}>
                {message.error}
              </span>
            </td>
            <td className={`${CELL} max-w-80`}>
              <code className="line-clamp-3 block break-words font-mono text-xs text-slate-700" title={bodyPreviewOf(message.body, 2_000)} data-testid="failed-body">
                {bodyPreviewOf(message.body)}
              </code>
            </td>
            {onEdit && (
              <td className={`${CELL} whitespace-nowrap text-right`}>
                <button
                  type="button"
                  className="rounded-md px-2 py-1 text-sm font-medium text-indigo-700 hover:bg-indigo-50"
                  onClick={() => onEdit(message)}
                  aria-label={`Edit and retry the message failed at ${message.stepId}, ${message.id}`}
                  data-testid="edit-and-retry"
                >
                  Edit and retry
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
