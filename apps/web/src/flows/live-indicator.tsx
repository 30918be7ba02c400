type LiveStatus = "connecting" | "live" | "reconnecting";

const LIVE_TEXT: Record<LiveStatus, string> = {
  connecting: "Connecting…",
  live: "Live · updated every second",
  reconnecting: "Reconnecting…",
};

const DOT: Record<LiveStatus, string> = {
  connecting: "bg-slate-300",
  live: "bg-emerald-500",
  reconnecting: "bg-amber-500 animate-soft-pulse",
};

export function LiveIndicator({ status }: { status: LiveStatus }) {
  return (
    <p role="status" data-testid="live-indicator" data-status={status} className="flex items-center gap-2 text-xs font-medium text-slate-500">
      <span aria-hidden="true" className="relative flex size-2">
        {status === "live" && (
          <span className="absolute inline-flex size-full rounded-full bg-emerald-400 opacity-60 motion-safe:animate-ping [animation-duration:2s]" />
        )}
        <span className={`relative inline-flex size-2 rounded-full ${DOT[status]}`} />
      </span>
      {LIVE_TEXT[status]}
    </p>
  );
}
