import type { FlowRecord } from "@interflow/db";
import { healthOf, type StepActivity } from "@interflow/queue";
import { z } from "zod";

export const flowHealthShape = {
  /** failing: a running flow whose tries at a step failed lately (see healthOf); ok otherwise */
  health: z.enum(["ok", "failing"]),
  /** the steps whose tries failed lately, with their failed tries and all tries in the last 5 minutes */
  failingSteps: z.array(z.object({ stepId: z.string(), failedTries: z.number(), tries: z.number() })),
  /** failed messages waiting for a person (retry or discard) */
  failedMessages: z.number(),
};

/** A flow's health next to its state: only a flow whose runners work (running, sleeping) can be failing. */
export function flowHealthOf(flow: Pick<FlowRecord, "state">, steps: readonly StepActivity[], failedMessages: number) {
  const judged = flow.state === "running" || flow.state === "sleeping" ? healthOf(steps) : { health: "ok" as const, failingSteps: [] };
  return { ...judged, failedMessages };
}
