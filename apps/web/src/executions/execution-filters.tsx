"use client";

import { type FormEvent, useId, useState } from "react";
import { INPUT, SECONDARY_BUTTON } from "@/components/button-styles";
import { EXECUTION_STATUS_LABELS, type ExecutionStatus } from "./execution-status";

export interface ExecutionFilterValues {
  status: ExecutionStatus | "";
  stepId: string;
  /** local date-times as a datetime-local input gives them ("2026-12-06T10:00"); "" for none */
  from: string;
  to: string;
  messageId: string;
}

export const NO_FILTERS: ExecutionFilterValues = { status: "", stepId: "", from: "", to: "", messageId: "" };

/** A datetime-local value as the API wants it (ISO, UTC); undefined when empty or not a date. */
function isoOf(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The filters as `executions.list` takes them. */
export function listFiltersOf(values: ExecutionFilterValues) {
  return {
    status: values.status ? [values.status] : undefined,
    stepId: values.stepId || undefined,
    from: isoOf(values.from),
    to: isoOf(values.to),
    messageId: values.messageId.trim() || undefined,
  };
}

const LABEL = "block text-xs font-medium text-slate-600";
const FIELD = `${INPUT} mt-1 !py-1.5`;

/** Status, step, time range, and "find by message id" above the executions table. */
export function ExecutionFilters({ stepIds, value, onChange }: { stepIds: string[]; value: ExecutionFilterValues; onChange: (next: ExecutionFilterValues) => void }) {
  const ids = { status: useId(), step: useId(), from: useId(), to: useId(), message: useId() };
  const [messageId, setMessageId] = useState(value.messageId);
  const set = (patch: Partial<ExecutionFilterValues>) => onChange({ ...value, ...patch });
  const find = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    set({ messageId: messageId.trim() });
  };
  return (
    <div className="flex flex-wrap items-end gap-4 border-b border-slate-200 px-5 py-3" data-testid="execution-filters">
      <div>
        <label htmlFor={ids.status} className={LABEL}>
          Status
        </label>
        <select id={ids.status} className={`${FIELD} !w-32`} value={value.status} onChange={(e) => set({ status: e.target.value as ExecutionFilterValues["status"] })}>
          <option value="">Any status</option>
          {Object.entries(EXECUTION_STATUS_LABELS).map(([status, label]) => (
            <option key={status} value={status}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={ids.step} className={LABEL}>
          Reached step
        </label>
        <select id={ids.step} className={`${FIELD} !w-36`} value={value.stepId} onChange={(e) => set({ stepId: e.target.value })}>
          <option value="">Any step</option>
          {stepIds.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={ids.from} className={LABEL}>
          Started from
        </label>
        <input id={ids.from} type="datetime-local" className={`${FIELD} !w-48`} value={value.from} onChange={(e) => set({ from: e.target.value })} />
      </div>
      <div>
        <label htmlFor={ids.to} className={LABEL}>
          Until
        </label>
        <input id={ids.to} type="datetime-local" className={`${FIELD} !w-48`} value={value.to} onChange={(e) => set({ to: e.target.value })} />
      </div>
      <form onSubmit={find} className="flex items-end gap-2" aria-label="Find an execution by message id">
        <div>
          <label htmlFor={ids.message} className={LABEL}>
            Message id
          </label>
          <input
            id={ids.message}
            className={`${FIELD} !w-56 font-mono`}
            value={messageId}
            placeholder="a webhook 202's id"
            onChange={(e) => setMessageId(e.target.value)}
          />
        </div>
        <button type="submit" className={SECONDARY_BUTTON}>
          Find
        </button>
      </form>
      {(value.status || value.stepId || value.from || value.to || value.messageId) && (
        <button
          type="button"
          className="rounded-md px-2 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50"
          onClick={() => {
            setMessageId("");
            onChange(NO_FILTERS);
          }}
        >
          Clear filters
        </button>
      )}
    </div>
  );
}
