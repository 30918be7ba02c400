import { AppError, FLOW_STATES, type FlowState, INTERMEDIATE_STATES, MANUAL_EVENTS, type ManualFlowEvent, STATE_LABELS, transition } from "@interflow/flow";

/** What one manual action does in one state: the state it leads to, or why the state machine refuses it. */
export type ManualMove = { to: FlowState } | { refused: string };

/**
 * The flow state machine as plain data, made on the server and handed to the flow pages: the
 * browser gets this table, not packages/flow (whose validator brings JSONata). No manual transition
 * depends on the flow type or on the workspace being limited (only the worker's idle and
 * limit-exceeded events do), so one table serves every flow.
 */
export interface StateMachineView {
  /** every state, in the order of the state machine (stopped first) */
  states: FlowState[];
  /** each state in the product's words, e.g. "Stopped (Inactive)" */
  labels: Record<FlowState, string>;
  /** the states a flow passes through on its own (starting, stopping, suspending) */
  intermediate: FlowState[];
  /** each manual action in each state */
  moves: Record<FlowState, Record<ManualFlowEvent, ManualMove>>;
}

function moveOf(from: FlowState, event: ManualFlowEvent): ManualMove {
  try {
    return { to: transition(from, event, { flowType: "ordinary", limitedWorkspace: false }) };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { refused: error.message.charAt(0).toUpperCase() + error.message.slice(1) };
  }
}

export function stateMachineView(): StateMachineView {
  return {
    states: [...FLOW_STATES],
    labels: { ...STATE_LABELS },
    intermediate: FLOW_STATES.filter((state) => INTERMEDIATE_STATES[state] !== undefined),
    moves: Object.fromEntries(
      FLOW_STATES.map((from) => [from, Object.fromEntries(MANUAL_EVENTS.map((event) => [event, moveOf(from, event)]))]),
    ) as StateMachineView["moves"],
  };
}
