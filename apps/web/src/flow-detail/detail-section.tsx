import type { ReactNode } from "react";

/** One block of a flow's page: a title, a line about it, and its content in a card. */
export function DetailSection({ id, title, description, children }: { id: string; title: string; description: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{description}</p>
      <div className="mt-4 overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">{children}</div>
    </section>
  );
}

/** The table looks of a flow's page (as the flows table). */
export const HEADER_CELL = "whitespace-nowrap px-3 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 first:pl-5 last:pr-5";
export const CELL = "px-3 py-3 text-sm text-slate-700 first:pl-5 last:pr-5";
