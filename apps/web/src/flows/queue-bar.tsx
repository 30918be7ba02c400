import { formatBytes, formatCount } from "./numbers";

const UNITS = {
  messages: { format: formatCount, noun: "messages" },
  bytes: { format: formatBytes, noun: "" },
} as const;

/** Blue while a queue holds less than half its limit, amber up to 80 %, red beyond. */
function fillOf(fraction: number): string {
  if (fraction >= 0.8) return "bg-red-500";
  if (fraction >= 0.5) return "bg-amber-500";
  return "bg-indigo-500";
}

/**
 * What one step queue holds against its limit: "1,204 / 75,000" over a small bar. Screen readers
 * hear `label` first ("deliver: messages queued, 1,204 of 75,000").
 */
export function QueueBar({ value, limit, unit, label }: { value: number; limit: number; unit: keyof typeof UNITS; label: string }) {
  const { format, noun } = UNITS[unit];
  const fraction = limit > 0 ? Math.min(1, value / limit) : 0;
  // anything queued shows, however small against the limit
  const width = value > 0 ? Math.max(fraction * 100, 3) : 0;
  return (
    <div data-testid={`queue-${unit}`} data-value={value} data-limit={limit} className="min-w-0">
      <p className="whitespace-nowrap text-xs tabular-nums">
        <span className="sr-only">{label}, </span>
        <span className={value > 0 ? "font-medium text-slate-900" : "text-slate-500"}>{format(value)}</span>
        <span className="text-slate-400">
          <span aria-hidden="true"> / </span>
          <span className="sr-only"> of </span>
          {format(limit)}
          {noun && <span className="sr-only"> {noun}</span>}
        </span>
      </p>
      <div aria-hidden="true" className="mt-1 h-1.5 w-full overflow-hidden rounded-full bg-slate-100">
        <div className={`h-full rounded-full transition-[width] duration-500 ${fillOf(fraction)}`} style={{ width: `${width}%` }} />
      </div>
    </div>
  );
}
