import type { FlowState, FlowStatus } from "./client";
import { CliError } from "./errors";

export const POLL_INTERVAL_MS = 250;

/** What `--wait` waits for; the worker moves the flow through `passing` on its way there. */
export const WAIT_GOALS = {
  running: { reached: ["running", "sleeping"], passing: ["starting"] },
  stopped: { reached: ["stopped"], passing: ["stopping"] },
  suspended: { reached: ["suspended"], passing: ["suspending"] },
} as const satisfies Record<string, { reached: readonly FlowState[]; passing: readonly FlowState[] }>;

export type WaitGoal = keyof typeof WAIT_GOALS;

export function hasReached(goal: WaitGoal, state: FlowState): boolean {
  return (WAIT_GOALS[goal].reached as readonly FlowState[]).includes(state);
}

export interface WaitForStateParams {
  id: string;
  goal: WaitGoal;
  timeoutMs: number;
  /** reads the flow's current status (flows.status) */
  poll: () => Promise<FlowStatus>;
  intervalMs?: number;
  /** each state the flow is seen in, once, as it is reached (the goal too) */
  onState?: (state: FlowState) => void | Promise<void>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/**
 * Polls the flow until it reaches the goal. Fails when the time is up, naming the state the flow
 * is stuck in, and early when the flow left the way to the goal (e.g. starting → stopped).
 */
export async function waitForState({
  id,
  goal,
  timeoutMs,
  poll,
  intervalMs = POLL_INTERVAL_MS,
  onState = () => {},
  sleep = defaultSleep,
  now = Date.now,
}: WaitForStateParams): Promise<FlowStatus> {
  const { passing } = WAIT_GOALS[goal];
  const deadline = now() + timeoutMs;
  let onTheWay = false;
  let seen: FlowState | undefined;
  for (;;) {
    const status = await poll();
    const state: FlowState = status.state;
    if (state !== seen) await onState(state);
    seen = state;
    if (hasReached(goal, state)) return status;
    if ((passing as readonly FlowState[]).includes(state)) onTheWay = true;
    else if (onTheWay) throw new CliError(`flow ${id} went to ${state} instead of ${goal}${causeOf(status)}`);
    const remaining = deadline - now();
    if (remaining <= 0) {
      throw new CliError(
        `timed out after ${formatSeconds(timeoutMs)} waiting for flow ${id} to be ${goal}: it is still ${state}; is the Interflow worker running?`,
      );
    }
    await sleep(Math.min(intervalMs, remaining));
  }
}

function causeOf(status: FlowStatus): string {
  const last = status.lastTransition;
  return last?.cause ? ` (last change: ${last.cause})` : "";
}
