import { describe, expect, it } from "vitest";
import type { FlowState, FlowStatus } from "./client";
import { waitForState } from "./wait";

function status(state: FlowState, cause: string | null = null): FlowStatus {
  return {
    id: "f1",
    name: "Orders",
    type: "ordinary",
    state,
    stateLabel: state,
    version: 1,
    webhookUrl: null,
    webhookRefused: null,
    stateChangedAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    steps: [],
    health: "ok",
    failingSteps: [],
    failedMessages: 0,
    lastTransition: cause ? { from: "starting", to: state, event: "stop", cause, at: "2026-01-01T00:00:00.000Z" } : null,
  };
}

/** A clock that only moves when the waiter sleeps, and a poll answering the given states in turn. */
function scripted(states: FlowStatus[]) {
  let time = 0;
  const sleeps: number[] = [];
  let polls = 0;
  return {
    sleeps,
    polls: () => polls,
    options: {
      poll: async () => states[Math.min(polls++, states.length - 1)]!,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        time += ms;
      },
      now: () => time,
    },
  };
}

describe("waitForState", () => {
  it("polls every 250 ms until the flow is running", async () => {
    const script = scripted([status("starting"), status("starting"), status("running")]);
    const result = await waitForState({ id: "f1", goal: "running", timeoutMs: 60_000, ...script.options });
    expect(result.state).toBe("running");
    expect(script.sleeps).toEqual([250, 250]);
  });

  it("counts a sleeping flow as started", async () => {
    const script = scripted([status("sleeping")]);
    expect((await waitForState({ id: "f1", goal: "running", timeoutMs: 1000, ...script.options })).state).toBe("sleeping");
  });

  it("fails on timeout naming the state the flow is stuck in", async () => {
    const script = scripted([status("stopping")]);
    await expect(waitForState({ id: "f1", goal: "stopped", timeoutMs: 600, ...script.options })).rejects.toThrow(
      "timed out after 0.6 s waiting for flow f1 to be stopped: it is still stopping; is the Interflow worker running?",
    );
    expect(script.sleeps).toEqual([250, 250, 100]);
    expect(script.polls()).toBe(4);
  });

  it("fails early when the flow leaves the way to the goal", async () => {
    const script = scripted([status("starting"), status("stopped", "a step runner could not start")]);
    await expect(waitForState({ id: "f1", goal: "running", timeoutMs: 60_000, ...script.options })).rejects.toThrow(
      "flow f1 went to stopped instead of running (last change: a step runner could not start)",
    );
  });

  it("keeps waiting while the request has not been picked up yet", async () => {
    const script = scripted([status("stopped"), status("starting"), status("running")]);
    expect((await waitForState({ id: "f1", goal: "running", timeoutMs: 60_000, ...script.options })).state).toBe("running");
  });
});
