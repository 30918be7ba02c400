"use client";

import { useQuery } from "@tanstack/react-query";
import { DateTime } from "@/components/date-time";
import { FlowStateBadge } from "@/flows/flow-state-badge";
import { causeText } from "@/flows/state-cause";
import type { StateMachineView } from "@/flows/state-machine-view";
import { POLL_INTERVAL_MS } from "@/flows/use-flows-dashboard";
import { isUnauthorized } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { CardSkeleton, EmptyRow, LoadError } from "@/settings/states";
import { CELL, HEADER_CELL } from "./detail-section";

/** How many transitions the page shows, newest first. */
const HISTORY_LENGTH = 100;

/** The flow's state history, newest first, read again every second: when, from → to, the event and its cause. */
export function TransitionHistory({ flowId, machine }: { flowId: string; machine: StateMachineView }) {
  const trpc = useTRPC();
  const history = useQuery(
    trpc.flows.transitions.queryOptions(
      { id: flowId, limit: HISTORY_LENGTH },
      { refetchInterval: (query) => (isUnauthorized(query.state.error) ? false : POLL_INTERVAL_MS) },
    ),
  );
  if (!history.data) {
    return history.isError ? <LoadError what="The state history" error={history.error} /> : <CardSkeleton rows={3} label="Loading the state history…" />;
  }
  const { transitions } = history.data;
  if (transitions.length === 0) return <EmptyRow testId="no-transitions">Never started: no state changes yet.</EmptyRow>;
  return (
    <table className="min-w-full divide-y divide-slate-200" data-testid="transition-history">
      <caption className="sr-only">State history, newest first</caption>
      <thead className="bg-slate-50/80">
        <tr>
          <th scope="col" className={HEADER_CELL}>
            When
          </th>
          <th scope="col" className={HEADER_CELL}>
            From → to
          </th>
          <th scope="col" className={HEADER_CELL}>
            Event
          </th>
          <th scope="col" className={HEADER_CELL}>
            Cause
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {transitions.map((transition) => (
          <tr
            key={`${transition.at}-${transition.from}-${transition.to}`}
            data-testid="transition-row"
            data-from={transition.from}
            data-to={transition.to}
            data-event={transition.event}
          >
            <td className={`${CELL} whitespace-nowrap tabular-nums text-slate-600`}>
              <DateTime value={transition.at} format="seconds" />
            </td>
            <td className={`${CELL} whitespace-nowrap`}>
              <span className="inline-flex items-center gap-2">
                <FlowStateBadge state={transition.from} label={machine.labels[transition.from]} still testId="transition-from" />
                <span aria-hidden="true" className="text-slate-400">
                  →
                </span>
                <span className="sr-only">to</span>
                <FlowStateBadge state={transition.to} label={machine.labels[transition.to]} still testId="transition-to" />
              </span>
            </td>
            <td className={CELL}>
              <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{transition.event}</code>
            </td>
            <td className={`${CELL} text-slate-700`} data-testid="transition-cause">
              {causeText(transition.cause)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
