import type { ReactNode } from "react";

/** One block of a flow's page: a title, a line about it, and its content in a card; `anchor` makes it a link target (#anchor). */
export function DetailSection({ id, title, description, anchor, children }: { id: string; title: string; description: string; anchor?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} id={anchor} className={anchor ? "scroll-mt-6" : undefined}>
      <DetailSectionHeading id={id} title={title} description={description} />
      <div className={`mt-4 ${DETAIL_CARD}`}>{children}</div>
    </section>
  );
}

/** A block's title and the line about it, for a block laid out in more than one card. */
export function DetailSectionHeading({ id, title, description }: { id: string; title: string; description: string }) {
  return (
    <>
      <h2 id={id} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{description}</p>
    </>
  );
}

/** The card a block's content sits in. */
export const DETAIL_CARD = "overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm";

/** The table looks of a flow's page (as the flows table). */
export const HEADER_CELL = "whitespace-nowrap px-3 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 first:pl-5 last:pr-5";
export const CELL = "px-3 py-3 text-sm text-slate-700 first:pl-5 last:pr-5";
