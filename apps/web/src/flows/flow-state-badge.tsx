import type { FlowState } from "@interflow/flow";

interface Tone {
  badge: string;
  dot: string;
  /** states on their way to another: the dot pulses softly (not with reduced motion) */
  moving: boolean;
}

/**
 * One colour per state: grey stopped, teal starting, green running, blue sleeping, violet
 * stopping, amber suspending, red suspended. The intermediate ones pulse.
 */
export const STATE_TONES: Record<FlowState, Tone> = {
  stopped: { badge: "bg-slate-100 text-slate-700 ring-slate-500/20", dot: "bg-slate-400", moving: false },
  starting: { badge: "bg-teal-50 text-teal-800 ring-teal-600/25", dot: "bg-teal-500", moving: true },
  running: { badge: "bg-emerald-50 text-emerald-700 ring-emerald-600/20", dot: "bg-emerald-500", moving: false },
  sleeping: { badge: "bg-sky-50 text-sky-700 ring-sky-600/20", dot: "bg-sky-500", moving: false },
  stopping: { badge: "bg-violet-50 text-violet-700 ring-violet-600/20", dot: "bg-violet-500", moving: true },
  suspending: { badge: "bg-amber-50 text-amber-800 ring-amber-600/25", dot: "bg-amber-500", moving: true },
  suspended: { badge: "bg-red-50 text-red-700 ring-red-600/20", dot: "bg-red-500", moving: false },
};

/** A small coloured dot of a state (the filter chips). */
export function StateDot({ state, still = false }: { state: FlowState; still?: boolean }) {
  const tone = STATE_TONES[state];
  return <span aria-hidden="true" className={`size-1.5 shrink-0 rounded-full ${tone.dot} ${tone.moving && !still ? "animate-soft-pulse" : ""}`} />;
}

interface FlowStateBadgeProps {
  state: FlowState;
  label: string;
  /** the state an action someone pressed here leads to, shown until the worker has moved the flow */
  requested?: boolean;
  /** a state of the past (the history): no pulse */
  still?: boolean;
  testId?: string;
}

export function FlowStateBadge({ state, label, requested = false, still = false, testId = "flow-state" }: FlowStateBadgeProps) {
  const tone = STATE_TONES[state];
  return (
    <span
      data-testid={testId}
      data-state={state}
      data-requested={requested || undefined}
      title={requested ? `${label}: requested, waiting for the worker` : undefined}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset ${tone.badge}`}
    >
      <StateDot state={state} still={still} />
      {label}
    </span>
  );
}
