import type { FlowState } from "@interflow/flow";
import { StateDot } from "@/flows/flow-state-badge";
import type { StateMachineView } from "@/flows/state-machine-view";

const CHIP =
  "inline-flex items-center gap-2 rounded-full px-3 py-1.5 text-sm font-medium ring-1 ring-inset transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";
const PRESSED = "bg-indigo-50 text-indigo-800 ring-indigo-600/40";
const NOT_PRESSED = "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50";
/** a state no flow is in: there, but quieter */
const NOT_PRESSED_EMPTY = "bg-white text-slate-500 ring-slate-200 hover:bg-slate-50";

function Count({ value }: { value: number }) {
  return (
    <span className="rounded-full bg-slate-900/5 px-1.5 text-xs tabular-nums text-slate-600" data-testid="state-count">
      {value}
      <span className="sr-only"> {value === 1 ? "flow" : "flows"}</span>
    </span>
  );
}

/**
 * Toggle buttons, one per state with how many flows are in it, and "All": pressing states shows
 * only the flows in them; "All" (or pressing the last one again) shows every flow.
 */
export function StateFilter({
  machine,
  counts,
  total,
  selected,
  onSelect,
}: {
  machine: StateMachineView;
  counts: Partial<Record<FlowState, number>>;
  total: number;
  selected: readonly FlowState[];
  onSelect: (next: FlowState[]) => void;
}) {
  return (
    <fieldset data-testid="state-filter">
      <legend className="sr-only">Show flows by state</legend>
      <div className="flex flex-wrap items-center gap-2">
      <button type="button" aria-pressed={selected.length === 0} onClick={() => onSelect([])} className={`${CHIP} ${selected.length === 0 ? PRESSED : NOT_PRESSED}`}>
        All <Count value={total} />
      </button>
      {machine.states.map((state) => {
        const pressed = selected.includes(state);
        const count = counts[state] ?? 0;
        return (
          <button
            key={state}
            type="button"
            aria-pressed={pressed}
            data-state={state}
            onClick={() => onSelect(pressed ? selected.filter((s) => s !== state) : [...selected, state])}
            className={`${CHIP} ${pressed ? PRESSED : count === 0 ? NOT_PRESSED_EMPTY : NOT_PRESSED}`}
          >
            <StateDot state={state} />
            {machine.labels[state]} <Count value={count} />
          </button>
        );
      })}
      </div>
    </fieldset>
  );
}
