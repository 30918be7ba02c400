"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/button-styles";
import { CopyButton } from "@/components/copy-button";
import { useDismiss } from "@/components/use-dismiss";
import { useDisplayedState } from "@/flows/displayed-state";
import { FlowActions } from "@/flows/flow-actions";
import { FlowStateBadge } from "@/flows/flow-state-badge";
import type { StateMachineView } from "@/flows/state-machine-view";
import { useNow } from "@/flows/time-in-state";
import { useFlowsDashboard } from "@/flows/use-flows-dashboard";
import { useDesigner } from "../designer-context";
import { shownIssues } from "../step-issues";
import { usePublishDraft } from "./use-publish-draft";

interface RunControlsProps {
  flowId: string;
  machine: StateMachineView;
  canChange: boolean;
  /** saves pending edits now (before "Publish and start") */
  flush: () => Promise<void>;
}

/** The flow's live state, start/stop, and its webhook URL to copy (for webhook flows). */
export function RunControls({ flowId, machine, canChange, flush }: RunControlsProps) {
  const { dashboard } = useFlowsDashboard();
  const flow = dashboard.data?.flows.find((f) => f.id === flowId);
  if (!flow) return <span className="text-xs text-slate-500">Reading the flow's state…</span>;
  return <LoadedRunControls flow={flow} machine={machine} canChange={canChange} flush={flush} />;
}

function LoadedRunControls({
  flow,
  machine,
  canChange,
  flush,
}: Omit<RunControlsProps, "flowId"> & { flow: NonNullable<ReturnType<typeof useFlowsDashboard>["dashboard"]["data"]>["flows"][number] }) {
  const now = useNow(1000);
  const displayed = useDisplayedState(flow, machine, now);
  const { unpublished } = useDesigner((s) => ({ unpublished: s.isDraft || s.revision > s.savedRevision }));
  /** the start waiting for the person's answer: the draft holds changes the published version lacks */
  const [asking, setAsking] = useState<(() => void) | null>(null);
  const stopAsking = useCallback(() => setAsking(null), []);
  return (
    <div className="relative flex items-center gap-3" data-testid="run-controls">
      {flow.webhookUrl && (
        <div className="flex max-w-60 items-center gap-1.5 rounded-lg bg-slate-50 px-2 py-1 ring-1 ring-slate-200">
          <code className="truncate text-xs text-slate-700" title={flow.webhookUrl} data-testid="designer-webhook-url">
            {flow.webhookUrl}
          </code>
          <CopyButton value={flow.webhookUrl} label={`Copy webhook URL of ${flow.name}`} testId="copy-webhook-url" />
        </div>
      )}
      <FlowStateBadge state={displayed.state} label={displayed.label} requested={displayed.requested !== null} />
      {canChange && (
        <FlowActions
          flow={flow}
          displayed={displayed}
          machine={machine}
          show="allowed"
          confirmStart={(start) => {
            if (!unpublished) return false;
            setAsking(() => start);
            return true;
          }}
        />
      )}
      {asking && <StartWithDraft flowId={flow.id} flush={flush} start={asking} close={stopAsking} />}
    </div>
  );
}

/**
 * Start pressed while the draft holds unpublished changes: says that the published version would run
 * without them, and offers to publish the draft first (when it has no problems).
 */
function StartWithDraft({ flowId, flush, start, close }: { flowId: string; flush: () => Promise<void>; start: () => void; close: () => void }) {
  const { baseVersion, problems } = useDesigner((s) => ({ baseVersion: s.baseVersion, problems: shownIssues({ issues: s.issues, serverIssues: s.serverIssues }).length }));
  const { publishDraft, publishing } = usePublishDraft(flowId, flush);
  const [refusal, setRefusal] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus();
  }, []);
  useDismiss(box, true, close);

  const publishAndStart = async () => {
    setRefusal(null);
    const outcome = await publishDraft();
    if (!outcome.ok) return setRefusal(outcome.text);
    start();
    close();
  };

  return (
    <div
      ref={box}
      role="dialog"
      aria-label="Start with unpublished changes"
      className="absolute top-full right-0 z-30 mt-2 w-96 rounded-xl border border-amber-200 bg-white p-4 text-sm shadow-lg"
      data-testid="start-with-draft"
    >
      <p className="text-slate-800">
        The draft has changes that are not published. <strong>Start</strong> runs version {baseVersion} as it was published, without them.
      </p>
      {problems > 0 && (
        <p className="mt-2 text-red-700" data-testid="start-with-draft-problems">
          The draft has {problems === 1 ? "1 problem" : `${problems} problems`}: fix {problems === 1 ? "it" : "them"} to publish it.
        </p>
      )}
      {refusal && (
        <p role="alert" className="mt-2 text-red-700" data-testid="start-with-draft-refusal">
          {refusal}
        </p>
      )}
      <div className="mt-3 flex justify-end gap-2">
        <button type="button" className={SECONDARY_BUTTON} onClick={close}>
          Cancel
        </button>
        <button
          type="button"
          className={SECONDARY_BUTTON}
          onClick={() => {
            start();
            close();
          }}
          data-testid="start-published"
        >
          Start version {baseVersion}
        </button>
        <button type="button" className={PRIMARY_BUTTON} disabled={problems > 0 || publishing} onClick={() => void publishAndStart()} data-testid="publish-and-start">
          {publishing ? "Publishing…" : "Publish and start"}
        </button>
      </div>
    </div>
  );
}
