"use client";

import { useId } from "react";
import { INPUT, PRIMARY_BUTTON, QUIET_DANGER_BUTTON, SECONDARY_BUTTON } from "@/components/button-styles";

interface FailedMessageActionsProps {
  stepIds: string[];
  /** "" for the step each message failed at */
  fromStep: string;
  onFromStep: (stepId: string) => void;
  selected: number;
  /** every failed message of the flow, on all pages */
  total: number;
  /** a retry or discard is on its way */
  busy: boolean;
  onRetry: () => void;
  onRetryAll: () => void;
  onDiscard: () => void;
}

/** Above the failed messages (owners and editors): where retries enter, Retry (selected), Retry all, Discard (selected). */
export function FailedMessageActions({ stepIds, fromStep, onFromStep, selected, total, busy, onRetry, onRetryAll, onDiscard }: FailedMessageActionsProps) {
  const fromId = useId();
  return (
    <div className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-5 py-3" data-testid="failed-message-actions">
      <div>
        <label htmlFor={fromId} className="block text-xs font-medium text-slate-600">
          Retry from
        </label>
        <select id={fromId} className={`${INPUT} mt-1 !w-56 !py-1.5`} value={fromStep} onChange={(e) => onFromStep(e.target.value)}>
          <option value="">The step each failed at</option>
          {stepIds.map((id) => (
            <option key={id} value={id}>
              Step {id}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className={PRIMARY_BUTTON} disabled={busy || selected === 0} onClick={onRetry} data-testid="retry-selected">
        {selected > 0 ? `Retry ${selected}` : "Retry"}
      </button>
      <button type="button" className={SECONDARY_BUTTON} disabled={busy || total === 0} onClick={onRetryAll} data-testid="retry-all">
        Retry all
      </button>
      <button type="button" className={QUIET_DANGER_BUTTON} disabled={busy || selected === 0} onClick={onDiscard} data-testid="discard-selected">
        {selected > 0 ? `Discard ${selected}` : "Discard"}
      </button>
      <p className="ml-auto self-center text-xs text-slate-500">{selected > 0 ? `${selected} selected` : "Select messages to retry or discard them."}</p>
    </div>
  );
}
