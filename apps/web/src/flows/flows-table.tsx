"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { CopyButton } from "@/components/copy-button";
import { useDisplayedState } from "./displayed-state";
import { ExportFlowButton } from "./export-flow-button";
import type { FlowSummary } from "./flow";
import { FlowActions } from "./flow-actions";
import { FlowMenu } from "./flow-menu";
import type { FlowNotice } from "./flow-notice";
import { FlowStateBadge } from "./flow-state-badge";
import type { StateMachineView } from "./state-machine-view";
import { formatTimeInState, useNow } from "./time-in-state";

const FLOW_TYPE_LABELS: Record<FlowSummary["type"], string> = { ordinary: "Ordinary flow", realtime: "Realtime flow" };

/** A flow's name, linking to its page. */
const FLOW_LINK =
  "rounded-sm text-sm font-medium text-slate-900 underline decoration-slate-300 underline-offset-4 hover:text-indigo-700 hover:decoration-indigo-400 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

const HEADER_CELL = "whitespace-nowrap px-3 py-3 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 first:pl-6 last:pr-5";

interface FlowsTableProps {
  flows: FlowSummary[];
  machine: StateMachineView;
  canChange: boolean;
  /** a flow just made here (a duplicate): its row is marked and scrolled to */
  markedFlowId?: string;
  onNotice: (notice: FlowNotice) => void;
}

/**
 * The flows with their state; for owners and editors (`canChange`) each with the buttons its state
 * allows and a menu (rename, duplicate, export, delete); for viewers with Export alone.
 */
export function FlowsTable({ flows, machine, canChange, markedFlowId, onNotice }: FlowsTableProps) {
  const now = useNow(1000);
  return (
    <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200" data-testid="flows-table">
        <caption className="sr-only">Flows of this workspace, with their state</caption>
        <thead className="bg-slate-50/80">
          <tr>
            <th scope="col" className={HEADER_CELL}>
              Flow
            </th>
            <th scope="col" className={HEADER_CELL}>
              State
            </th>
            <th scope="col" className={HEADER_CELL}>
              Version
            </th>
            <th scope="col" className={HEADER_CELL}>
              Time in state
            </th>
            <th scope="col" className={HEADER_CELL}>
              Webhook URL
            </th>
            <th scope="col" className={HEADER_CELL}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {flows.map((flow) => (
            <FlowRow key={flow.id} flow={flow} now={now} machine={machine} canChange={canChange} marked={flow.id === markedFlowId} onNotice={onNotice} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface FlowRowProps {
  flow: FlowSummary;
  now: number;
  machine: StateMachineView;
  canChange: boolean;
  marked: boolean;
  onNotice: (notice: FlowNotice) => void;
}

function FlowRow({ flow, now, machine, canChange, marked, onNotice }: FlowRowProps) {
  const displayed = useDisplayedState(flow, machine, now);
  const since = new Date(displayed.since);
  const row = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (marked) row.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [marked]);
  return (
    <tr
      ref={row}
      data-testid="flow-row"
      data-flow-id={flow.id}
      data-marked={marked || undefined}
      className={`align-middle ${marked ? "bg-indigo-50/60" : "hover:bg-slate-50/60"}`}
    >
      <th scope="row" className="min-w-40 py-4 pl-6 pr-3 text-left font-normal">
        <Link
          href={`/flows/${flow.id}`}
          className={FLOW_LINK}
          data-testid="flow-name"
        >
          {flow.name}
        </Link>
        <div className="mt-0.5 text-xs text-slate-500">
          {FLOW_TYPE_LABELS[flow.type]} ·{" "}
          <Link href={`/flows/${flow.id}/designer`} className="text-indigo-700 hover:underline" data-testid="flow-designer-link" aria-label={`Open ${flow.name} in the designer`}>
            Designer
          </Link>
        </div>
      </th>
      <td className="px-3 py-4">
        <FlowStateBadge state={displayed.state} label={displayed.label} requested={displayed.requested !== null} />
      </td>
      <td className="px-3 py-4 text-sm tabular-nums text-slate-700" data-testid="flow-version">
        v{flow.version}
      </td>
      <td className="whitespace-nowrap px-3 py-4 text-sm tabular-nums text-slate-600">
        <time dateTime={since.toISOString()} title={since.toLocaleString()} data-testid="flow-time-in-state">
          {formatTimeInState(now - displayed.since)}
        </time>
      </td>
      <td className="py-4 pl-3 pr-5">
        {flow.webhookUrl ? (
          <div className="flex items-center gap-2">
            <code
              className={`block truncate rounded-md ${canChange ? "max-w-[16rem]" : "max-w-[20rem]"} bg-slate-50 px-2 py-1 font-mono text-xs text-slate-700 ring-1 ring-inset ring-slate-200`}
              title={flow.webhookUrl}
              data-testid="flow-webhook-url"
            >
              {flow.webhookUrl}
            </code>
            <CopyButton value={flow.webhookUrl} label={`Copy webhook URL of ${flow.name}`} testId="copy-webhook-url" />
          </div>
        ) : (
          <span className="text-sm text-slate-400">
            <span aria-hidden="true">—</span>
            <span className="sr-only">No webhook: this flow has another trigger</span>
          </span>
        )}
      </td>
      <td className="py-4 pl-3 pr-4">
        {canChange ? (
          <div className="flex items-start justify-end gap-2">
            <FlowActions flow={flow} displayed={displayed} machine={machine} show="allowed" />
            <FlowMenu flow={flow} displayed={displayed} onNotice={onNotice} />
          </div>
        ) : (
          <ExportFlowButton flow={flow} />
        )}
      </td>
    </tr>
  );
}
