"use client";

import type { MappingInput } from "./use-mapping-input";

/**
 * The fields of the samples before this step: drag one onto a value, or press it to map it (into
 * the value last edited, else as a new field named after it).
 */
export function SampleFields({ input, onPick }: { input: MappingInput; onPick?: (path: string) => void }) {
  return (
    // sticky (flush with the top of the panel, over its padding): while the person scrolls to a field
    // further down, the fields to drag onto it stay in sight
    <section aria-label="Fields of earlier steps" className="sticky -top-4 z-10 rounded-lg border border-slate-200 bg-slate-50 p-3 shadow-sm" data-testid="sample-fields">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Fields from earlier steps</h3>
      <p className="mt-0.5 text-xs text-slate-500">Drag a field onto a value, or press it to map it.</p>
      <ul className="mt-2 flex max-h-32 flex-wrap gap-1.5 overflow-y-auto">
        {input.paths.map((path) => (
          <li key={path.path}>
            <button
              type="button"
              draggable
              disabled={!onPick}
              title={`${path.type}: ${path.example}`}
              data-testid={`sample-field-${path.path}`}
              className="rounded-md border border-slate-200 bg-white px-2 py-0.5 font-mono text-xs text-slate-800 hover:border-indigo-300 hover:text-indigo-800 disabled:cursor-default"
              onDragStart={(event) => {
                event.dataTransfer.setData("text/plain", path.path);
                event.dataTransfer.effectAllowed = "copy";
              }}
              onClick={() => onPick?.(path.path)}
            >
              {path.path}
            </button>
          </li>
        ))}
      </ul>
      {input.missing.length > 0 && <p className="mt-2 text-xs text-slate-500">No sample yet from {input.missing.join(", ")}.</p>}
    </section>
  );
}
