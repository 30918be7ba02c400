import type { FlowState } from "@interflow/flow";

interface Tone {
  badge: string;
  dot: string;
  pulse: boolean;
}

const GREY: Tone = { badge: "bg-slate-100 text-slate-700 ring-slate-500/20", dot: "bg-slate-400", pulse: false };
const AMBER: Tone = { badge: "bg-amber-50 text-amber-800 ring-amber-600/25", dot: "bg-amber-500", pulse: true };

/** Colour of each state: green running, grey stopped, amber while changing, red suspended, blue sleeping. */
const STATE_TONES: Record<FlowState, Tone> = {
  running: { badge: "bg-emerald-50 text-emerald-700 ring-emerald-600/20", dot: "bg-emerald-500", pulse: false },
  stopped: GREY,
  starting: AMBER,
  stopping: AMBER,
  suspending: AMBER,
  suspended: { badge: "bg-red-50 text-red-700 ring-red-600/20", dot: "bg-red-500", pulse: false },
  sleeping: { badge: "bg-sky-50 text-sky-700 ring-sky-600/20", dot: "bg-sky-500", pulse: false },
};

export function FlowStateBadge({ state, label }: { state: FlowState; label: string }) {
  const tone = STATE_TONES[state];
  return (
    <span
      data-testid="flow-state"
      data-state={state}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset ${tone.badge}`}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${tone.dot} ${tone.pulse ? "animate-soft-pulse" : ""}`} />
      {label}
    </span>
  );
}
