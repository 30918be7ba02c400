import type { FlowState } from "@interflow/flow";
import { useSearchParams } from "next/navigation";

/**
 * The states the dashboard shows, kept in the page's URL (`?state=running&state=suspended`, commas
 * work too) so that a filtered view can be reloaded, bookmarked and shared. None: every flow.
 */
export function useStateFilter(states: readonly FlowState[]): { selected: FlowState[]; select: (next: readonly FlowState[]) => void } {
  const params = useSearchParams();
  const wanted = new Set(params.getAll("state").flatMap((value) => value.split(",")));
  const selected = states.filter((state) => wanted.has(state));

  function select(next: readonly FlowState[]) {
    const url = new URL(window.location.href);
    url.searchParams.delete("state");
    for (const state of states) if (next.includes(state)) url.searchParams.append("state", state);
    // Next.js keeps useSearchParams in step with the history API, without a server round trip
    window.history.replaceState(null, "", url);
  }

  return { selected, select };
}
