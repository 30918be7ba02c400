"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { DANGER_BUTTON, PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/button-styles";
import { useDismiss } from "@/components/use-dismiss";
import { useDesigner, useDesignerStore } from "../designer-context";
import { settingIssueSummary, settingPathOf } from "../flow-settings/setting-issues";
import { issueText, shownIssues } from "../step-issues";
import { type PublishOutcome, usePublishDraft } from "./use-publish-draft";

/**
 * Publish the draft as the next version (a running flow restarts on it). Refused here while the
 * flow has problems: the button says how many, and the list takes you to each step (or the flow's
 * setting) at fault. A
 * version that removes steps whose queues hold messages is refused by the API, saying so: the
 * person may then publish it dropping those messages.
 */
export function PublishButton({ flowId, flush }: { flowId: string; flush: () => Promise<void> }) {
  const store = useDesignerStore();
  const { graphIssues, serverIssues, isDraft, unsaved } = useDesigner((s) => ({
    graphIssues: s.issues,
    serverIssues: s.serverIssues,
    isDraft: s.isDraft || s.revision > s.savedRevision,
    unsaved: s.revision > s.savedRevision,
  }));
  const issues = shownIssues({ issues: graphIssues, serverIssues });
  const [showIssues, setShowIssues] = useState(false);
  const problems = useRef<HTMLDivElement>(null);
  useDismiss(problems, showIssues, useCallback(() => setShowIssues(false), []));
  const [outcome, setOutcome] = useState<PublishOutcome | null>(null);
  const { publishDraft, publishing } = usePublishDraft(flowId, flush);
  // a success note goes away by itself; a refusal stays until the next try
  useEffect(() => {
    if (!outcome?.ok) return;
    const timer = setTimeout(() => setOutcome(null), 5000);
    return () => clearTimeout(timer);
  }, [outcome]);

  const onPublish = async (dropQueued?: true) => {
    setOutcome(null);
    setOutcome(await publishDraft(dropQueued));
  };

  return (
    <div ref={problems} className="relative flex items-center gap-2">
      {issues.length > 0 && (
        <button type="button" className={`${SECONDARY_BUTTON} !border-red-200 !text-red-700`} aria-expanded={showIssues} onClick={() => setShowIssues((v) => !v)} data-testid="flow-problems">
          {issues.length === 1 ? "1 problem" : `${issues.length} problems`}
        </button>
      )}
      <button
        type="button"
        className={PRIMARY_BUTTON}
        disabled={publishing || issues.length > 0 || !isDraft}
        title={issues.length > 0 ? "Fix the problems first" : !isDraft ? "Nothing changed since the last version" : unsaved ? "Saves the draft, then publishes it" : "Makes the draft the flow's next version"}
        onClick={() => void onPublish()}
        data-testid="publish"
      >
        {publishing ? "Publishing…" : "Publish"}
      </button>
      {outcome && (
        <div className={`fixed bottom-6 left-1/2 z-40 w-96 -translate-x-1/2 rounded-lg border px-3 py-2 text-sm shadow-md ${outcome.ok ? "border-emerald-200 bg-emerald-50 text-emerald-800" : "border-red-200 bg-red-50 text-red-800"}`}>
          <p role={outcome.ok ? "status" : "alert"} data-testid="publish-outcome">
            {outcome.text}
          </p>
          {outcome.dropOffer && (
            <div className="mt-2 flex justify-end gap-2">
              <button type="button" className={SECONDARY_BUTTON} onClick={() => setOutcome(null)}>
                Cancel
              </button>
              <button type="button" className={DANGER_BUTTON} disabled={publishing} onClick={() => void onPublish(true)} data-testid="publish-drop-queued">
                Publish and drop them
              </button>
            </div>
          )}
        </div>
      )}
      {showIssues && issues.length > 0 && (
        <ul className="absolute top-full right-0 z-20 mt-2 w-96 space-y-1 rounded-xl border border-slate-200 bg-white p-2 text-sm shadow-lg" data-testid="problem-list">
          {issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              <button
                type="button"
                className="w-full rounded-lg px-2 py-1.5 text-left text-slate-700 hover:bg-slate-50"
                onClick={() => {
                  if (issue.nodeId) store.getState().select(issue.nodeId);
                  else if (settingPathOf(issue) !== undefined) store.getState().showFlowSettings(true);
                  setShowIssues(false);
                }}
              >
                {issue.nodeId && <span className="font-mono text-xs text-slate-500">{issue.nodeId} · </span>}
                {settingPathOf(issue) === undefined ? issueText(issue) : <><span className="text-xs text-slate-500">Flow settings · </span>{settingIssueSummary(issue)}</>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
