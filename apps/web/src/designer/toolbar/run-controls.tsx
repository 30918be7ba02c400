"use client";

import { CopyButton } from "@/components/copy-button";
import { useDisplayedState } from "@/flows/displayed-state";
import { FlowActions } from "@/flows/flow-actions";
import { FlowStateBadge } from "@/flows/flow-state-badge";
import type { StateMachineView } from "@/flows/state-machine-view";
import { useNow } from "@/flows/time-in-state";
import { useFlowsDashboard } from "@/flows/use-flows-dashboard";

/** The flow's live state, start/stop, and its webhook URL to copy (for webhook flows). */
export function RunControls({ flowId, machine, canChange }: { flowId: string; machine: StateMachineView; canChange: boolean }) {
  const { dashboard } = useFlowsDashboard();
  const flow = dashboard.data?.flows.find((f) => f.id === flowId);
  if (!flow) return <span className="text-xs text-slate-500">Reading the flow's state…</span>;
  return <LoadedRunControls flow={flow} machine={machine} canChange={canChange} />;
}

function LoadedRunControls({
  flow,
  machine,
  canChange,
}: {
  flow: NonNullable<ReturnType<typeof useFlowsDashboard>["dashboard"]["data"]>["flows"][number];
  machine: StateMachineView;
  canChange: boolean;
}) {
  const now = useNow(1000);
  const displayed = useDisplayedState(flow, machine, now);
  return (
    <div className="flex items-center gap-3" data-testid="run-controls">
      {flow.webhookUrl && (
        <div className="flex max-w-60 items-center gap-1.5 rounded-lg bg-slate-50 px-2 py-1 ring-1 ring-slate-200">
          <code className="truncate text-xs text-slate-700" title={flow.webhookUrl} data-testid="designer-webhook-url">
            {flow.webhookUrl}
          </code>
          <CopyButton value={flow.webhookUrl} label={`Copy webhook URL of ${flow.name}`} testId="copy-webhook-url" />
        </div>
      )}
      <FlowStateBadge state={displayed.state} label={displayed.label} requested={displayed.requested !== null} />
      {canChange && <FlowActions flow={flow} displayed={displayed} machine={machine} show="allowed" />}
    </div>
  );
}
