import { AppError, AppErrorCode } from "./errors";

export const FLOW_STATES = ["stopped", "starting", "running", "sleeping", "stopping", "suspending", "suspended"] as const;
export type FlowState = (typeof FLOW_STATES)[number];

export const FLOW_EVENTS = [
  "start",
  "stop",
  "suspend",
  "resume",
  "idle",
  "wake",
  "limit-exceeded",
  "step-runners-up",
  "runners-stopped",
  "redeploy",
] as const;
export type FlowEvent = (typeof FLOW_EVENTS)[number];

/** Events a person may send (API, CLI, UI); the others come from the worker. */
export const MANUAL_EVENTS = ["start", "stop", "suspend", "resume"] as const satisfies readonly FlowEvent[];
export type ManualFlowEvent = (typeof MANUAL_EVENTS)[number];

export const STATE_LABELS: Record<FlowState, string> = {
  stopped: "Stopped (Inactive)",
  starting: "Starting",
  running: "Running",
  sleeping: "Sleeping",
  stopping: "Stopping",
  suspending: "Suspending",
  suspended: "Suspended",
};

/** Intermediate states move on by themselves to the stable state named here. */
export const INTERMEDIATE_STATES: Partial<Record<FlowState, FlowState>> = {
  starting: "running",
  stopping: "stopped",
  suspending: "suspended",
};

export interface TransitionContext {
  flowType: "ordinary" | "realtime";
  /** in a limited workspace flows are stopped instead of suspended */
  limitedWorkspace: boolean;
}

interface TransitionRow {
  from: FlowState;
  event: FlowEvent;
  to: FlowState;
  when?: (ctx: TransitionContext) => boolean;
}

const limited = (ctx: TransitionContext) => ctx.limitedWorkspace;
const notLimited = (ctx: TransitionContext) => !ctx.limitedWorkspace;

/** The whole state machine of a flow, as data (seed: integration-flow-overview, "Flow States"). */
export const TRANSITIONS: readonly TransitionRow[] = [
  { from: "stopped", event: "start", to: "starting" },
  { from: "starting", event: "step-runners-up", to: "running" },
  { from: "starting", event: "stop", to: "stopping" },
  { from: "running", event: "stop", to: "stopping" },
  { from: "running", event: "suspend", to: "suspending" },
  { from: "running", event: "limit-exceeded", to: "suspending", when: notLimited },
  { from: "running", event: "limit-exceeded", to: "stopping", when: limited },
  { from: "running", event: "idle", to: "sleeping", when: (ctx) => ctx.flowType === "ordinary" },
  { from: "sleeping", event: "wake", to: "running" },
  { from: "sleeping", event: "stop", to: "stopping" },
  { from: "sleeping", event: "suspend", to: "suspending" },
  { from: "sleeping", event: "limit-exceeded", to: "suspending", when: notLimited },
  { from: "sleeping", event: "limit-exceeded", to: "stopping", when: limited },
  { from: "stopping", event: "runners-stopped", to: "stopped" },
  { from: "suspending", event: "runners-stopped", to: "suspended" },
  { from: "suspending", event: "stop", to: "stopping" },
  { from: "suspended", event: "resume", to: "running" },
  { from: "suspended", event: "stop", to: "stopping" },
  // a new version published: the flow stays where it is (its runners restart on the version); the
  // transition tells when, and what of the old version's queues was dropped
  { from: "running", event: "redeploy", to: "running" },
  { from: "sleeping", event: "redeploy", to: "sleeping" },
  { from: "suspended", event: "redeploy", to: "suspended" },
];

export function nextState(from: FlowState, event: FlowEvent, ctx: TransitionContext): FlowState | undefined {
  return TRANSITIONS.find((row) => row.from === from && row.event === event && (!row.when || row.when(ctx)))?.to;
}

const WHY_NOT: Partial<Record<`${FlowState}:${FlowEvent}`, string>> = {
  "stopped:suspend": "a stopped flow cannot be suspended",
  "stopped:stop": "the flow is already stopped",
  "running:start": "the flow is already running",
  "starting:start": "the flow is already starting",
  "stopping:start": "the flow is stopping; start it again once it is stopped",
  "suspended:start": "a suspended flow is resumed, not started",
  "stopped:resume": "only a suspended flow can be resumed",
  "running:resume": "only a suspended flow can be resumed",
};

/** The state after `event`, or an AppError saying in words why the transition is refused. */
export function transition(from: FlowState, event: FlowEvent, ctx: TransitionContext): FlowState {
  const to = nextState(from, event, ctx);
  if (to) return to;
  const reason = WHY_NOT[`${from}:${event}`] ?? `"${event}" is not possible while the flow is ${STATE_LABELS[from]}`;
  throw new AppError(AppErrorCode.InvalidTransition, reason, { from, event });
}
