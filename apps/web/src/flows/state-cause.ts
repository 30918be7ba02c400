import type { TransitionView } from "@interflow/api";
import type { DisplayedState } from "./displayed-state";

const REQUESTED: Record<NonNullable<DisplayedState["requested"]>["event"], string> = {
  start: "Start",
  stop: "Stop",
  suspend: "Suspend",
  resume: "Resume",
};

/** A transition's cause as a sentence: "stop requested by …" → "Stop requested by …". */
export function causeText(cause: string): string {
  return cause.charAt(0).toUpperCase() + cause.slice(1);
}

/** Why a flow is in the state shown, in a line: the last transition's cause, or the request it waits on. */
export function stateCauseOf(displayed: DisplayedState, lastTransition: TransitionView | null): string {
  if (displayed.requested) return `${REQUESTED[displayed.requested.event]} requested here; waiting for the worker`;
  if (!lastTransition) return "Imported; never started";
  return causeText(lastTransition.cause);
}
