"use client";

import type { FlowState } from "@interflow/flow";
import { LiveIndicator } from "@/flows/live-indicator";
import type { StateMachineView } from "@/flows/state-machine-view";
import { useFlowsDashboard } from "@/flows/use-flows-dashboard";
import { ViewerNote } from "@/flows/viewer-note";
import { DashboardTable } from "./dashboard-table";
import { DashboardLoadError, DashboardSkeleton, NoFlowsInStates, NoFlowsYet } from "./dashboard-states";
import { StateFilter } from "./state-filter";
import { useStateFilter } from "./use-state-filter";

/**
 * Every flow of the workspace, live: its state, since when and why, its step queues against their
 * limits, what it processed and what failed lately; filtered by state (kept in the URL). Owners
 * and editors (`canChange`) start, stop, suspend and resume flows from here.
 */
export function DashboardPanel({ machine, canChange }: { machine: StateMachineView; canChange: boolean }) {
  const { dashboard, unauthorized } = useFlowsDashboard();
  const { selected, select } = useStateFilter(machine.states);
  const flows = dashboard.data?.flows;
  const counts: Partial<Record<FlowState, number>> = {};
  for (const flow of flows ?? []) counts[flow.state] = (counts[flow.state] ?? 0) + 1;
  const shown = flows && selected.length > 0 ? flows.filter((flow) => selected.includes(flow.state)) : flows;

  return (
    <section aria-labelledby="dashboard-title">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 id="dashboard-title" className="text-2xl font-semibold tracking-tight text-slate-900">
            Dashboard
          </h1>
          <p className="mt-1 text-sm text-slate-600">Each flow's state and why, what waits in its queues, and what it processed lately.</p>
        </div>
        <div className="flex items-center gap-5">
          <LiveIndicator status={dashboard.isError && !unauthorized ? "reconnecting" : dashboard.isPending ? "connecting" : "live"} />
          {!canChange && <ViewerNote />}
        </div>
      </div>

      {flows && flows.length > 0 && (
        <div className="mt-6">
          <StateFilter machine={machine} counts={counts} total={flows.length} selected={selected} onSelect={select} />
        </div>
      )}

      <div className="mt-4">
        {shown ? (
          flows?.length === 0 ? (
            <NoFlowsYet canChange={canChange} />
          ) : shown.length === 0 ? (
            <NoFlowsInStates labels={selected.map((state) => machine.labels[state])} onShowAll={() => select([])} />
          ) : (
            <DashboardTable flows={shown} machine={machine} canChange={canChange} />
          )
        ) : dashboard.isError && !unauthorized ? (
          <DashboardLoadError error={dashboard.error} />
        ) : (
          <DashboardSkeleton />
        )}
      </div>
    </section>
  );
}
