import { useState } from "react";

/**
 * Checked rows by id, kept to the rows shown (a retried or discarded row leaves the list, and
 * its id leaves the selection with it).
 */
export function useSelection(shownIds: readonly string[]) {
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const shown = new Set(shownIds);
  const selected: ReadonlySet<string> = new Set([...checked].filter((id) => shown.has(id)));
  return {
    selected,
    toggle: (id: string) =>
      setChecked((current) => {
        const next = new Set(current);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    toggleAll: () => setChecked(shownIds.length > 0 && shownIds.every((id) => selected.has(id)) ? new Set() : new Set(shownIds)),
    clear: () => setChecked(new Set()),
  };
}
