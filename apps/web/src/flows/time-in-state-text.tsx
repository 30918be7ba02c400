import type { DisplayedState } from "./displayed-state";
import { formatTimeInState } from "./time-in-state";

/** "for 2 min", ticking with `now`; the moment itself in its title. */
export function TimeInState({ displayed, now }: { displayed: DisplayedState; now: number }) {
  const since = new Date(displayed.since);
  return (
    <time dateTime={since.toISOString()} title={`Since ${since.toLocaleString()}`} data-testid="flow-time-in-state" className="tabular-nums">
      {formatTimeInState(now - displayed.since)}
    </time>
  );
}
