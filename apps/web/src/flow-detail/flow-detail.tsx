"use client";

import type { DashboardFlow } from "@interflow/api";
import Link from "next/link";
import { CopyButton } from "@/components/copy-button";
import { DateTime } from "@/components/date-time";
import { type DisplayedState, useDisplayedState } from "@/flows/displayed-state";
import { ExecutionsSection } from "@/executions/executions-section";
import { FailedMessagesSection } from "@/failed-messages/failed-messages-section";
import { FlowActions } from "@/flows/flow-actions";
import { FailedMessagesLink, FailingBadge, FailingSteps } from "@/flows/flow-health";
import { FlowStateBadge } from "@/flows/flow-state-badge";
import { LiveIndicator } from "@/flows/live-indicator";
import { stateCauseOf } from "@/flows/state-cause";
import type { StateMachineView } from "@/flows/state-machine-view";
import { RotateWebhookUrl } from "./rotate-webhook-url";
import { useNow } from "@/flows/time-in-state";
import { TimeInState } from "@/flows/time-in-state-text";
import { useFlowsDashboard } from "@/flows/use-flows-dashboard";
import { ViewerNote } from "@/flows/viewer-note";
import { DetailSection } from "./detail-section";
import { FlowSteps } from "./flow-steps";
import { FlowTotals } from "./flow-totals";
import { FlowPolling } from "./flow-polling";
import { FlowVersions } from "./flow-versions";
import { StepLogs } from "./step-logs";
import { TransitionHistory } from "./transition-history";

const FLOW_TYPE_LABELS: Record<DashboardFlow["type"], string> = { ordinary: "Ordinary flow", realtime: "Realtime flow" };

/**
 * One flow, live: its state and health, since when and why, its webhook URL, its steps with their
 * queues and messages, its failed messages and executions, the actions (owners and editors:
 * `canChange`), its versions and its state history.
 */
export function FlowDetail({ flowId, machine, canChange }: { flowId: string; machine: StateMachineView; canChange: boolean }) {
  const { dashboard, unauthorized } = useFlowsDashboard();
  const flow = dashboard.data?.flows.find((f) => f.id === flowId);

  return (
    <div className="space-y-8">
      <div className="flex items-center justify-between gap-4">
        <Link href="/dashboard" className="rounded-md text-sm font-medium text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
          <span aria-hidden="true">← </span>Dashboard
        </Link>
        <LiveIndicator status={dashboard.isError && !unauthorized ? "reconnecting" : dashboard.isPending ? "connecting" : "live"} />
      </div>
      {flow ? (
        <LoadedFlow flow={flow} machine={machine} canChange={canChange} />
      ) : dashboard.data ? (
        <div data-testid="flow-not-found" className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-14 text-center">
          <h1 className="text-base font-semibold text-slate-900">No such flow here</h1>
          <p className="mt-2 text-sm text-slate-600">This workspace has no flow {flowId}: it may belong to another workspace.</p>
        </div>
      ) : dashboard.isError && !unauthorized ? (
        <div role="alert" className="rounded-xl border border-red-200 bg-red-50 px-6 py-5 text-sm text-red-800">
          <p className="font-medium">The flow could not be loaded.</p>
          <p className="mt-1 text-red-700">{dashboard.error.message} — trying again every second.</p>
        </div>
      ) : (
        <div aria-busy="true" className="h-40 animate-pulse rounded-xl border border-slate-200 bg-white">
          <span className="sr-only">Loading the flow…</span>
        </div>
      )}
    </div>
  );
}

function LoadedFlow({ flow, machine, canChange }: { flow: DashboardFlow; machine: StateMachineView; canChange: boolean }) {
  const now = useNow(1000);
  const displayed = useDisplayedState(flow, machine, now);
  const stepIds = flow.steps.map((s) => s.id);
  return (
    <>
      <section aria-labelledby="flow-title" data-testid="flow-header" className="rounded-xl border border-slate-200 bg-white px-6 py-5 shadow-sm">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-3">
              <h1 id="flow-title" className="text-2xl font-semibold tracking-tight text-slate-900" data-testid="flow-name">
                {flow.name}
              </h1>
              <FlowStateBadge state={displayed.state} label={displayed.label} requested={displayed.requested !== null} />
              <FailingBadge flow={flow} />
            </div>
            <p className="mt-1 text-sm text-slate-500">
              {FLOW_TYPE_LABELS[flow.type]} · version {flow.version} ·{" "}
              <Link href={`/flows/${flow.id}/designer`} className="font-medium text-indigo-700 hover:underline" data-testid="open-designer">
                {canChange ? "Edit in the designer" : "View in the designer"}
              </Link>
            </p>
            <FailingSteps flow={flow} className="mt-1 !text-sm" />
            <FailedMessagesLink flow={flow} className="mt-1 !text-sm" />
          </div>
          {canChange ? <FlowActions flow={flow} displayed={displayed} machine={machine} show="all" /> : <ViewerNote />}
        </div>
        <StateFacts flow={flow} displayed={displayed} now={now} canChange={canChange} />
      </section>

      <FlowTotals flow={flow} />

      <DetailSection id="steps-title" title="Steps" description="Each step's queue against the flow's limits, and the messages it took in, passed on, failed and retried.">
        <FlowSteps flow={flow} canChange={canChange} />
      </DetailSection>

      <FlowPolling flow={flow} canChange={canChange} />

      <FailedMessagesSection flowId={flow.id} stepIds={stepIds} canChange={canChange} />

      <ExecutionsSection flowId={flow.id} stepIds={stepIds} />

      <DetailSection id="logs-title" title="Logs" description="What the step runners wrote, kept per step (the last 2,000 lines, for 7 days).">
        <StepLogs flowId={flow.id} stepIds={stepIds} />
      </DetailSection>

      <FlowVersions flowId={flow.id} currentVersion={flow.version} running={displayed.state !== "stopped"} canChange={canChange} />

      <DetailSection id="history-title" title="State history" description="Every change of state, newest first, with what caused it.">
        <TransitionHistory flowId={flow.id} machine={machine} />
      </DetailSection>
    </>
  );
}

const TERM = "text-xs font-medium uppercase tracking-wide text-slate-500";

function StateFacts({ flow, displayed, now, canChange }: { flow: DashboardFlow; displayed: DisplayedState; now: number; canChange: boolean }) {
  return (
    <dl className="mt-5 grid gap-x-8 gap-y-4 border-t border-slate-100 pt-5 sm:grid-cols-[auto_1fr]">
      <div>
        <dt className={TERM}>In this state</dt>
        <dd className="mt-1 text-sm text-slate-900">
          {displayed.label} <TimeInState displayed={displayed} now={now} />
          <span className="block text-xs text-slate-500">
            since <DateTime value={new Date(displayed.since)} format="seconds" />
          </span>
        </dd>
      </div>
      <div className="min-w-0">
        <dt className={TERM}>Why</dt>
        <dd className="mt-1 text-sm text-slate-900" data-testid="flow-cause">
          {stateCauseOf(displayed, flow.lastTransition)}
        </dd>
      </div>
      <div className="sm:col-span-2">
        <dt className={TERM}>Webhook URL</dt>
        <dd className="mt-1">
          {flow.webhookUrl ? (
            <div className="flex items-center gap-2">
              <code className="block truncate rounded-md bg-slate-50 px-2 py-1 font-mono text-sm text-slate-700 ring-1 ring-inset ring-slate-200" data-testid="flow-webhook-url">
                {flow.webhookUrl}
              </code>
              <CopyButton value={flow.webhookUrl} label={`Copy webhook URL of ${flow.name}`} testId="copy-webhook-url" />
              {canChange && <RotateWebhookUrl flowId={flow.id} flowName={flow.name} />}
              {flow.webhookRefused !== null && flow.webhookRefused > 0 && (
                <span className="shrink-0 rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-inset ring-amber-200" data-testid="webhook-refused" title="Requests answered 401: the sender's authentication was wrong or missing. Nothing of them was queued.">
                  {flow.webhookRefused.toLocaleString()} refused (authentication)
                </span>
              )}
            </div>
          ) : (
            <span className="text-sm text-slate-500">None: this flow has another trigger.</span>
          )}
        </dd>
      </div>
    </dl>
  );
}
