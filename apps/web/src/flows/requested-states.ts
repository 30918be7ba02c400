import type { FlowState, ManualFlowEvent } from "@interflow/flow";
import { useSyncExternalStore } from "react";

/** An action the API accepted, which the worker has not acted on yet. */
export interface RequestedState {
  event: ManualFlowEvent;
  /** the flow's state when the API accepted it */
  from: FlowState;
  /** the state the state machine moves it to */
  to: FlowState;
  /** when it was accepted (this browser's clock) */
  at: number;
}

/** By flow id, for every page of this tab: the dashboard, a flow's page and the flows list show the same. */
const requests = new Map<string, RequestedState>();
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  for (const listener of listeners) listener();
}

export function rememberRequest(flowId: string, request: RequestedState): void {
  requests.set(flowId, request);
  changed();
}

/** Forgets `request` (not a newer one) once the worker has moved the flow, or gave up. */
export function forgetRequest(flowId: string, request: RequestedState): void {
  if (requests.get(flowId) !== request) return;
  requests.delete(flowId);
  changed();
}

export function useRequestedState(flowId: string): RequestedState | undefined {
  return useSyncExternalStore(
    subscribe,
    () => requests.get(flowId),
    () => undefined,
  );
}
