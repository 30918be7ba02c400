import type { PaletteItem } from "../catalog";

/** Items whose title, description or component match every word typed. */
export function searchPalette(items: PaletteItem[], query: string): PaletteItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return items;
  return items.filter((item) => {
    const text = `${item.component.title} ${item.component.name} ${item.fn.title} ${item.fn.description} ${item.component.description}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/** The drag payload of a palette item (HTML drag and drop onto the canvas). */
export const STEP_DRAG_TYPE = "application/x-interflow-step";
export interface StepDragPayload {
  component: string;
  function: string;
  kind: "trigger" | "action";
}
