import { FLOW_STATES, type FlowState, MANUAL_EVENTS, type ManualFlowEvent, nextState } from "@interflow/flow";
import type { FlowSummary } from "./flow";

/** Which commands a person may send a flow in each state, by flow type: read off the state machine. */
export type ManualActions = Record<FlowSummary["type"], Record<FlowState, ManualFlowEvent[]>>;

/**
 * The state machine's manual transitions as plain data, made on the server and handed to the
 * flows page: the browser gets this table, not packages/flow (whose validator brings JSONata).
 * No manual transition depends on the workspace being limited.
 */
export function manualActions(): ManualActions {
  const forType = (flowType: FlowSummary["type"]) =>
    Object.fromEntries(
      FLOW_STATES.map((state) => [state, MANUAL_EVENTS.filter((event) => nextState(state, event, { flowType, limitedWorkspace: false }) !== undefined)]),
    ) as Record<FlowState, ManualFlowEvent[]>;
  return { ordinary: forType("ordinary"), realtime: forType("realtime") };
}
