import type { FlowState, ManualFlowEvent } from "@interflow/flow";
import { useEffect } from "react";
import { forgetRequest, type RequestedState, useRequestedState } from "./requested-states";
import type { StateMachineView } from "./state-machine-view";

/**
 * How long an accepted action is shown before the worker has moved the flow: the worker takes
 * commands within milliseconds, so after this the flow's own state is shown again, whatever it is.
 */
const REQUEST_SHOWN_MS = 10_000;

export interface DisplayedState {
  state: FlowState;
  label: string;
  /** since when, in milliseconds since the epoch */
  since: number;
  /** the accepted action the worker has not acted on yet (the state shown is where it leads) */
  requested: RequestedState | null;
  /** the manual actions allowed in the state shown */
  allowed: readonly ManualFlowEvent[];
}

/** The manual actions the state machine allows in `state`. */
export function allowedIn(machine: StateMachineView, state: FlowState): ManualFlowEvent[] {
  return (Object.keys(machine.moves[state]) as ManualFlowEvent[]).filter((event) => "to" in machine.moves[state][event]);
}

/**
 * The state to show for a flow: its own, or, right after someone here pressed an action the API
 * accepted, the state that action leads to until the worker has moved the flow. Intermediate
 * states (suspending, stopping) often last less than a poll: without this a press would seem to
 * do nothing, then jump.
 */
export function useDisplayedState(
  flow: { id: string; state: FlowState; stateLabel: string; stateChangedAt: string; allowedActions?: readonly ManualFlowEvent[] },
  machine: StateMachineView,
  now: number,
): DisplayedState {
  const request = useRequestedState(flow.id);
  const waiting = request !== undefined && flow.state === request.from && now - request.at < REQUEST_SHOWN_MS;

  useEffect(() => {
    if (request && !waiting) forgetRequest(flow.id, request);
  }, [flow.id, request, waiting]);

  if (waiting) return { state: request.to, label: machine.labels[request.to], since: request.at, requested: request, allowed: allowedIn(machine, request.to) };
  return {
    state: flow.state,
    label: flow.stateLabel,
    since: new Date(flow.stateChangedAt).getTime(),
    requested: null,
    allowed: flow.allowedActions ?? allowedIn(machine, flow.state),
  };
}
