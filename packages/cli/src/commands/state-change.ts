import type { FlowState, FlowTransition } from "../client";
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
  // the flow's last change before this request: what comes after it is the way this one went
  const before = wait ? (await client.flows.transitions.query({ id, limit: 1 })).transitions[0] : undefined;
  const result = await client.flows[event].mutate({ id });
  // the API only hands the request to the worker: `state` is still the one before it
  io.stdout(`${event} requested for flow ${result.id} (state: ${result.state})\n`);
  if (result.unpublishedDraft) {
    io.stdout(`note: version ${result.version} runs as it was published; the draft's changes are not in it (publish them in the designer to run them)\n`);
  }
  const goal = GOAL[event];
  if (!wait || hasReached(goal, result.state)) return;
  // each state as it is reached, then the way it went: "stopped → starting → running". The states
  // come from the flow's recorded changes, so one that passed between two polls is not skipped.
  const path: FlowState[] = [result.state];
  const catchUp = async () => {
    const recent = (await client.flows.transitions.query({ id: result.id, limit: 50 })).transitions;
    const newer = recent.slice(0, before ? recent.findIndex((t) => sameTransition(t, before)) >>> 0 : undefined).reverse();
    for (const t of newer.slice(path.length - 1)) {
      path.push(t.to);
      io.stdout(`  ${t.to}\n`);
    }
  };
  const status = await waitForState({
    id: result.id,
    goal,
    timeoutMs: timeoutSeconds * 1000,
    poll: () => client.flows.status.query({ id: result.id }),
    onState: (state) => {
      if (state !== path.at(-1)) return catchUp();
    },
  });
  await catchUp();
  io.stdout(`flow ${status.id} is ${status.state}: ${path.join(" → ")}\n`);
}

function sameTransition(a: FlowTransition, b: FlowTransition): boolean {
  return a.at === b.at && a.from === b.from && a.to === b.to && a.event === b.event && a.cause === b.cause;
}
