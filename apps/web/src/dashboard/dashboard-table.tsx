"use client";

import type { DashboardFlow } from "@interflow/api";
import Link from "next/link";
import { useDisplayedState } from "@/flows/displayed-state";
import { FlowActions } from "@/flows/flow-actions";
import { FailedMessagesLink, FailingBadge, FailingSteps } from "@/flows/flow-health";
import { FlowStateBadge } from "@/flows/flow-state-badge";
import { formatCount } from "@/flows/numbers";
import { stateCauseOf } from "@/flows/state-cause";
import type { StateMachineView } from "@/flows/state-machine-view";
import { TimeInState } from "@/flows/time-in-state-text";
import { useNow } from "@/flows/time-in-state";
import { FlowActivity } from "./flow-activity";
import { StepQueues } from "./step-queues";

const FLOW_TYPE_LABELS: Record<DashboardFlow["type"], string> = { ordinary: "Ordinary", realtime: "Realtime" };
/** A flow's name, linking to its page. */
const FLOW_LINK =
  "rounded-sm text-sm font-medium text-slate-900 underline decoration-slate-300 underline-offset-4 hover:text-indigo-700 hover:decoration-indigo-400 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

const HEADER_CELL = "whitespace-nowrap px-3 py-3 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 first:pl-5 last:pr-5";
const CELL = "px-3 py-4 align-top first:pl-5 last:pr-5";

/** One row per flow: state and why, step queues against their limits, recent messages, and (`canChange`) the four actions. */
export function DashboardTable({ flows, machine, canChange }: { flows: DashboardFlow[]; machine: StateMachineView; canChange: boolean }) {
  const now = useNow(1000);
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200" data-testid="dashboard-table">
        <caption className="sr-only">Flows of this workspace with their state, queues and messages</caption>
        <thead className="bg-slate-50/80">
          <tr>
            <th scope="col" className={HEADER_CELL}>
              Flow
            </th>
            <th scope="col" className={HEADER_CELL}>
              State
            </th>
            <th scope="col" className={HEADER_CELL}>
              Queued per step <span className="font-normal normal-case tracking-normal text-slate-400">messages · bytes</span>
            </th>
            <th scope="col" className={HEADER_CELL}>
              Messages
            </th>
            {canChange && (
              <th scope="col" className={HEADER_CELL}>
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {flows.map((flow) => (
            <DashboardRow key={flow.id} flow={flow} machine={machine} canChange={canChange} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DashboardRow({ flow, machine, canChange, now }: { flow: DashboardFlow; machine: StateMachineView; canChange: boolean; now: number }) {
  const displayed = useDisplayedState(flow, machine, now);
  const cause = stateCauseOf(displayed, flow.lastTransition);
  return (
    <tr data-testid="dashboard-row" data-flow-id={flow.id} className="hover:bg-slate-50/60">
      <th scope="row" className={`${CELL} w-44 text-left font-normal`}>
        <Link
          href={`/flows/${flow.id}`}
          className={FLOW_LINK}
          data-testid="flow-name"
        >
          {flow.name}
        </Link>
        <p className="mt-0.5 text-xs text-slate-500">
          v{flow.version} · {FLOW_TYPE_LABELS[flow.type]}
        </p>
      </th>
      <td className={`${CELL} w-56`}>
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <FlowStateBadge state={displayed.state} label={displayed.label} requested={displayed.requested !== null} />
          <FailingBadge flow={flow} />
          <span className="text-xs text-slate-500">
            <TimeInState displayed={displayed} now={now} />
          </span>
        </div>
        <p className="mt-1.5 line-clamp-2 max-w-56 text-xs leading-5 text-slate-600" title={cause} data-testid="flow-cause">
          <span className="sr-only">Why: </span>
          {cause}
        </p>
        <FailingSteps flow={flow} className="mt-1 max-w-56" />
      </td>
      <td className={CELL}>
        <StepQueues flow={flow} />
      </td>
      <td className={CELL}>
        <FlowActivity flow={flow} />
        <FailedMessagesLink flow={flow} className="mt-1" />
        {flow.droppedAfterRetention > 0 && (
          <p className="mt-1 text-xs text-amber-700" data-testid="dropped-after-retention">
            {formatCount(flow.droppedAfterRetention)} dropped after retention
          </p>
        )}
      </td>
      {canChange && (
        <td className={CELL}>
          <FlowActions flow={flow} displayed={displayed} machine={machine} show="all" layout="grid" />
        </td>
      )}
    </tr>
  );
}
