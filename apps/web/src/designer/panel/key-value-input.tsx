"use client";

import { INPUT, SECONDARY_BUTTON } from "@/components/button-styles";

/** Name/value pairs (HTTP headers): one row each, add and remove rows. */
export function KeyValueInput({
  id,
  describedBy,
  value,
  disabled,
  label,
  onFocus,
  onChange,
}: {
  id: string;
  describedBy?: string;
  value: unknown;
  disabled: boolean;
  label: string;
  onFocus: () => void;
  onChange: (value: Record<string, string> | undefined) => void;
}) {
  const pairs = Object.entries(value && typeof value === "object" ? (value as Record<string, string>) : {});
  const write = (next: [string, string][]) => onChange(next.length === 0 ? undefined : Object.fromEntries(next));
  return (
    <fieldset id={id} aria-describedby={describedBy} className="space-y-2" aria-label={label}>
      {pairs.map(([name, text], index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions; a name can be edited into another's
        <div key={index} className="flex gap-2">
          <input className={INPUT} aria-label={`${label} ${index + 1} name`} value={name} disabled={disabled} onFocus={onFocus} onChange={(e) => write(pairs.map((p, i) => (i === index ? [e.target.value, p[1]] : p)))} />
          <input className={INPUT} aria-label={`${label} ${index + 1} value`} value={text} disabled={disabled} onFocus={onFocus} onChange={(e) => write(pairs.map((p, i) => (i === index ? [p[0], e.target.value] : p)))} />
          <button type="button" className="rounded-md px-2 text-slate-500 hover:bg-slate-100" aria-label={`Remove ${label.toLowerCase()} ${name || index + 1}`} disabled={disabled} onClick={() => write(pairs.filter((_, i) => i !== index))}>
            ✕
          </button>
        </div>
      ))}
      <button type="button" className={SECONDARY_BUTTON} disabled={disabled || pairs.some(([name]) => name === "")} onClick={() => write([...pairs, ["", ""]])}>
        Add {label.toLowerCase().replace(/s$/, "")}
      </button>
    </fieldset>
  );
}
