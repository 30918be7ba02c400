"use client";

import { useEffect } from "react";
import { useDesignerStore } from "./designer-context";

/** True when the key press belongs to a text field (its own undo, its own Delete). */
function typingIn(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));
}

/**
 * Keyboard shortcuts of the designer: Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or Ctrl+Y redo, Escape closes
 * the panel (a step's or the flow's settings). Delete/Backspace removing the selected step belong to the canvas (xyflow).
 */
export function useDesignerShortcuts({ enabled }: { enabled: boolean }) {
  const store = useDesignerStore();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && store.getState().selectedId) {
        store.getState().select(null);
        return;
      }
      if (event.key === "Escape" && store.getState().flowSettingsOpen) {
        store.getState().showFlowSettings(false);
        return;
      }
      if (typingIn(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (enabled && mod && key === "z" && !event.shiftKey) {
        event.preventDefault();
        store.getState().undo();
      } else if (enabled && mod && ((key === "z" && event.shiftKey) || key === "y")) {
        event.preventDefault();
        store.getState().redo();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled, store]);
}
