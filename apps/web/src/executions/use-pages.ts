import { useState } from "react";

/** Where a page of a newest-first list starts: after the item at this time with this id. */
export interface PageCursor {
  at: string;
  id: string;
}

/**
 * Paging back in time, a page at a time: `before` is the cursor of the page shown (undefined: the
 * newest), `older(cursor)` moves on from the last item shown, `newer()` goes back one page,
 * `reset()` back to the newest (when the filters change). `offset`: items on the pages before.
 */
export function usePages(pageSize: number) {
  const [cursors, setCursors] = useState<PageCursor[]>([]);
  return {
    before: cursors.at(-1),
    offset: cursors.length * pageSize,
    older: (cursor: PageCursor) => setCursors((all) => [...all, cursor]),
    newer: () => setCursors((all) => all.slice(0, -1)),
    reset: () => setCursors([]),
  };
}
