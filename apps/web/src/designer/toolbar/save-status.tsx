"use client";

import { useDesigner } from "../designer-context";

/** Whether the edits are saved in the draft: quiet when they are, loud when saving failed. */
export function SaveStatus() {
  const { saveState, saveError } = useDesigner((s) => ({ saveState: s.saveState, saveError: s.saveError }));
  const text = { saved: "All changes saved", unsaved: "Unsaved changes", saving: "Saving…", failed: `Not saved: ${saveError ?? "try again"}` }[saveState];
  return (
    <span role="status" aria-live="polite" data-testid="save-status" data-state={saveState} className={`truncate text-xs ${saveState === "failed" ? "font-medium text-red-700" : "text-slate-500"}`}>
      {text}
    </span>
  );
}
