"use client";

import type { FlowSettings } from "@interflow/flow";
import { useId } from "react";

type ExecutionMode = NonNullable<FlowSettings["executions"]>;

/** What each choice keeps, and what it costs. */
const MODES: Array<{ mode: ExecutionMode; label: string; description: string }> = [
  {
    mode: "all",
    label: "All steps' input and output",
    description: "Every try of every step with what it received and sent: the most to look into, and the most storage and database writes. The default.",
  },
  {
    mode: "errors",
    label: "Only executions with a failure",
    description: "Only executions where a try failed, with that try's input and error (and a retried message's later tries); those that went through are counted, not kept: almost no cost for a busy flow.",
  },
  {
    mode: "none",
    label: "None",
    description: "No executions at all, the least cost: nothing to look into but the failed messages.",
  },
];

/** What the platform keeps of each message's path through the flow (`settings.executions`). */
export function ExecutionsSetting({ value, issue, disabled, onChange }: { value: ExecutionMode | undefined; issue: string | undefined; disabled: boolean; onChange: (mode: ExecutionMode) => void }) {
  const id = useId();
  const current = value ?? "all";
  return (
    <fieldset data-testid="field-executions" aria-describedby={`${id}-help${issue ? ` ${id}-error` : ""}`}>
      <legend className="text-sm font-medium text-slate-800">Keep executions</legend>
      <p id={`${id}-help`} className="mt-0.5 text-xs text-slate-500">
        What is kept of each message's way through the flow. Failed messages are always kept, with their body, to retry or discard.
      </p>
      <div className="mt-2 space-y-1.5">
        {MODES.map(({ mode, label, description }) => (
          <label
            key={mode}
            className={`flex gap-2.5 rounded-lg border px-3 py-2 ${current === mode ? "border-indigo-300 bg-indigo-50/60" : "border-slate-200"} ${disabled ? "" : "cursor-pointer hover:border-indigo-300"}`}
          >
            <input
              type="radio"
              name={`${id}-executions`}
              value={mode}
              checked={current === mode}
              disabled={disabled}
              aria-describedby={`${id}-${mode}`}
              onChange={() => onChange(mode)}
              className="mt-0.5 size-4 shrink-0 accent-indigo-600"
            />
            <span>
              <span className="block text-sm font-medium text-slate-800">{label}</span>
              <span id={`${id}-${mode}`} className="block text-xs text-slate-500">
                {description}
              </span>
            </span>
          </label>
        ))}
      </div>
      {issue && (
        <p id={`${id}-error`} className="mt-1 text-xs font-medium text-red-700" data-testid="field-error-executions">
          {issue}
        </p>
      )}
    </fieldset>
  );
}
