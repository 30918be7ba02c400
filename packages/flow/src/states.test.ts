import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { FLOW_EVENTS, FLOW_STATES, type FlowState, INTERMEDIATE_STATES, nextState, type TransitionContext, transition } from "./states";

const ordinary: TransitionContext = { flowType: "ordinary", limitedWorkspace: false };

describe("flow state machine", () => {
  it("goes stopped → starting → running → stopping → stopped", () => {
    let state: FlowState = "stopped";
    for (const event of ["start", "step-runners-up", "stop", "runners-stopped"] as const) state = transition(state, event, ordinary);
    expect(state).toBe("stopped");
  });

  it("refuses to suspend a stopped flow, with the reason", () => {
    expect(() => transition("stopped", "suspend", ordinary)).toThrow(new AppError("INVALID_TRANSITION", "a stopped flow cannot be suspended", { from: "stopped", event: "suspend" }));
    expect(() => transition("running", "start", ordinary)).toThrow("the flow is already running");
  });

  it("suspends, or stops in a limited workspace, when a queue exceeds its limit", () => {
    expect(nextState("running", "limit-exceeded", ordinary)).toBe("suspending");
    expect(nextState("running", "limit-exceeded", { ...ordinary, limitedWorkspace: true })).toBe("stopping");
    expect(nextState("suspended", "resume", ordinary)).toBe("running");
    expect(nextState("suspended", "stop", ordinary)).toBe("stopping");
  });

  it("lets ordinary flows sleep and wake without an intermediate state; realtime flows never sleep", () => {
    expect(nextState("running", "idle", ordinary)).toBe("sleeping");
    expect(nextState("sleeping", "wake", ordinary)).toBe("running");
    expect(nextState("running", "idle", { ...ordinary, flowType: "realtime" })).toBeUndefined();
  });

  it("stays where it is on a new version, and only where runners may run or queues are kept", () => {
    for (const state of ["running", "sleeping", "suspended"] as const) expect(nextState(state, "redeploy", ordinary)).toBe(state);
    for (const state of ["stopped", "starting", "stopping", "suspending"] as const) expect(nextState(state, "redeploy", ordinary)).toBeUndefined();
  });

  it("never leaves the set of states, and intermediate states reach their stable state (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...FLOW_EVENTS), { maxLength: 40 }),
        fc.record({ flowType: fc.constantFrom("ordinary" as const, "realtime" as const), limitedWorkspace: fc.boolean() }),
        (events, ctx) => {
          let state: FlowState = "stopped";
          for (const event of events) {
            state = nextState(state, event, ctx) ?? state;
            expect(FLOW_STATES).toContain(state);
            if (ctx.flowType === "realtime") expect(state).not.toBe("sleeping");
          }
          const stable = INTERMEDIATE_STATES[state];
          if (stable) {
            const completing = state === "starting" ? "step-runners-up" : "runners-stopped";
            expect(nextState(state, completing, ctx)).toBe(stable);
          }
        },
      ),
    );
  });
});
