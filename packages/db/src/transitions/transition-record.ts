import type { FlowEvent, FlowState } from "@interflow/flow";
import type { FlowTransition } from "../generated/prisma/client";

/** One stored change of a flow's state, with the event and the cause in words. */
export interface FlowTransitionRecord {
  id: string;
  flowId: string;
  from: FlowState;
  to: FlowState;
  event: FlowEvent;
  cause: string;
  at: Date;
}

export function toTransitionRecord(row: FlowTransition): FlowTransitionRecord {
  return {
    id: row.id,
    flowId: row.flowId,
    from: row.fromState,
    to: row.toState,
    // written only by recordTransition, which takes a FlowEvent
    event: row.event as FlowEvent,
    cause: row.cause,
    at: row.at,
  };
}
