import { hasReached, type WaitGoal, waitForState } from "../wait";
import type { CommandContext } from "./context";

export interface StateChangeParams {
  id: string;
  wait: boolean;
  timeoutSeconds: number;
}

export type StateChangeEvent = "start" | "stop" | "suspend" | "resume";

const GOAL: Record<StateChangeEvent, WaitGoal> = { start: "running", stop: "stopped", suspend: "suspended", resume: "running" };

/** Sends start/stop/suspend/resume; with --wait, polls the status until the worker has carried it out. */
export async function requestStateChange(event: StateChangeEvent, { id, wait, timeoutSeconds }: StateChangeParams, ctx: CommandContext) {
  const { client, io } = ctx;
  const result = await client.flows[event].mutate({ id });
  // the API only hands the request to the worker: `state` is still the one before it
  io.stdout(`${event} requested for flow ${result.id} (state: ${result.state})\n`);
  const goal = GOAL[event];
  if (!wait || hasReached(goal, result.state)) return;
  // each state as it is reached, then the way it went: "stopped → starting → running"
  const path = [result.state];
  const status = await waitForState({
    id: result.id,
    goal,
    timeoutMs: timeoutSeconds * 1000,
    poll: () => client.flows.status.query({ id: result.id }),
    onState: (state) => {
      if (state === path.at(-1)) return;
      path.push(state);
      io.stdout(`  ${state}\n`);
    },
  });
  io.stdout(`flow ${status.id} is ${status.state}: ${path.join(" → ")}\n`);
}
