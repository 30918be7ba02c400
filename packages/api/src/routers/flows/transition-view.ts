import type { FlowTransitionRecord } from "@interflow/db";
import { FLOW_EVENTS } from "@interflow/flow";
import { z } from "zod";
import { flowStateSchema } from "./flow-views";

export const transitionSchema = z.object({
  from: flowStateSchema,
  to: flowStateSchema,
  event: z.enum(FLOW_EVENTS),
  /** why, in words (who asked, or what the worker saw) */
  cause: z.string(),
  at: z.iso.datetime(),
});
export type TransitionView = z.infer<typeof transitionSchema>;

export function transitionViewOf(transition: FlowTransitionRecord): TransitionView {
  return { from: transition.from, to: transition.to, event: transition.event, cause: transition.cause, at: transition.at.toISOString() };
}
