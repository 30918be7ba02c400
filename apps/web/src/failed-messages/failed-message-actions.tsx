"use client";

import { useId } from "react";
import { INPUT, PRIMARY_BUTTON, QUIET_DANGER_BUTTON, SECONDARY_BUTTON } from "@/components/button-styles";

interface FailedMessageActionsProps {
  stepIds: string[];
  /** "" for the step each message failed at */
  fromStep: string;
  onFromStep: (stepId: string) => void;
  /** the flow's versions, newest first; null while they load */
  versions: Array<{ version: number; current: boolean }> | null;
  /** null: the version the flow runs */
  onVersion: number | null;
  onChooseVersion: (version: number | null) => void;
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
export function FailedMessageActions({ stepIds, fromStep, onFromStep, versions, onVersion, onChooseVersion, selected, total, busy, onRetry, onRetryAll, onDiscard }: FailedMessageActionsProps) {
  const fromId = useId();
  const versionId = useId();
  const current = versions?.find((v) => v.current)?.version;
  const on = onVersion === null ? "" : ` on v${onVersion}`;
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
      {versions && versions.length > 1 && (
        <div>
          <label htmlFor={versionId} className="block text-xs font-medium text-slate-600">
            On version
          </label>
          <select
            id={versionId}
            className={`${INPUT} mt-1 !w-64 !py-1.5`}
            value={onVersion ?? ""}
            onChange={(e) => onChooseVersion(e.target.value === "" ? null : Number(e.target.value))}
            data-testid="retry-version"
          >
            <option value="">The one it runs{current ? ` (v${current})` : ""}</option>
            {versions
              .filter((v) => !v.current)
              .map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version} (restores it)
                </option>
              ))}
          </select>
        </div>
      )}
      <button type="button" className={PRIMARY_BUTTON} disabled={busy || selected === 0} onClick={onRetry} data-testid="retry-selected">
        {selected > 0 ? `Retry ${selected}${on}` : "Retry"}
      </button>
      <button type="button" className={SECONDARY_BUTTON} disabled={busy || total === 0} onClick={onRetryAll} data-testid="retry-all">
        Retry all{on}
      </button>
      <button type="button" className={QUIET_DANGER_BUTTON} disabled={busy || selected === 0} onClick={onDiscard} data-testid="discard-selected">
        {selected > 0 ? `Discard ${selected}` : "Discard"}
      </button>
      <p className="ml-auto self-center text-xs text-slate-500">{selected > 0 ? `${selected} selected` : "Select messages to retry or discard them."}</p>
    </div>
  );
}
