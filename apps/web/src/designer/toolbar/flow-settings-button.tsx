"use client";

import { SECONDARY_BUTTON } from "@/components/button-styles";
import { useDesigner } from "../designer-context";
import { settingPathOf } from "../flow-settings/setting-issues";
import { shownIssues } from "../step-issues";

/** Opens (or closes) the flow's own settings; a red dot says one of them has a problem. */
export function FlowSettingsButton() {
  const { open, showFlowSettings, graphIssues, serverIssues } = useDesigner((s) => ({
    open: s.flowSettingsOpen,
    showFlowSettings: s.showFlowSettings,
    graphIssues: s.issues,
    serverIssues: s.serverIssues,
  }));
  const faulty = shownIssues({ issues: graphIssues, serverIssues }).some((issue) => settingPathOf(issue) !== undefined);
  return (
    <button
      type="button"
      className={`${SECONDARY_BUTTON} whitespace-nowrap${open ? " !border-indigo-300 !bg-indigo-50 !text-indigo-800" : ""}`}
      aria-pressed={open}
      title="What is kept of executions, the error flow, idle period and queue limits"
      onClick={() => showFlowSettings(!open)}
      data-testid="flow-settings-button"
    >
      <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden="true">
        <path
          fillRule="evenodd"
          d="M7.84 1.8A1 1 0 0 1 8.82 1h2.36a1 1 0 0 1 .98.8l.3 1.5c.5.2.97.47 1.4.8l1.45-.49a1 1 0 0 1 1.18.45l1.18 2.04a1 1 0 0 1-.2 1.25l-1.15 1.01a6 6 0 0 1 0 1.28l1.15 1.01a1 1 0 0 1 .2 1.25l-1.18 2.04a1 1 0 0 1-1.18.45l-1.45-.49c-.43.33-.9.6-1.4.8l-.3 1.5a1 1 0 0 1-.98.8H8.82a1 1 0 0 1-.98-.8l-.3-1.5a6 6 0 0 1-1.4-.8l-1.45.49a1 1 0 0 1-1.18-.45L2.33 13.9a1 1 0 0 1 .2-1.25l1.15-1.01a6 6 0 0 1 0-1.28L2.53 9.35a1 1 0 0 1-.2-1.25L3.5 6.06a1 1 0 0 1 1.18-.45l1.45.49c.43-.33.9-.6 1.4-.8l.3-1.5ZM10 13a3 3 0 1 0 0-6 3 3 0 0 0 0 6Z"
          clipRule="evenodd"
        />
      </svg>
      Flow settings
      {faulty && (
        <span className="size-2 rounded-full bg-red-600" data-testid="flow-settings-faulty">
          <span className="sr-only"> (a setting has a problem)</span>
        </span>
      )}
    </button>
  );
}
