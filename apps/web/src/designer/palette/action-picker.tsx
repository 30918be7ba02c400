"use client";

import { useEffect, useId, useRef, useState } from "react";
import { INPUT } from "@/components/button-styles";
import { paletteItemsOf, stepTitleOf } from "../catalog";
import { ComponentIcon } from "../component-icon";
import { useDesigner } from "../designer-context";
import { searchPalette } from "./palette-search";

/** The "+" after a step: a searchable list of actions, arrow keys to move, Enter to add, Escape to close. */
export function ActionPicker({ onPick, onClose }: { onPick: (component: string, fn: string) => void; onClose: () => void }) {
  const catalog = useDesigner((s) => s.catalog);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const actions = searchPalette(
    paletteItemsOf(catalog).filter((item) => item.fn.kind === "action"),
    query,
  );
  useEffect(() => input.current?.focus(), []);
  const current = actions[Math.min(active, actions.length - 1)];
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-2 shadow-lg" data-testid="action-picker">
      <input
        ref={input}
        className={INPUT}
        placeholder="Search actions"
        aria-label="Search actions"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={current ? `${listId}-${current.key}` : undefined}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") setActive((i) => Math.min(i + 1, actions.length - 1));
          else if (e.key === "ArrowUp") setActive((i) => Math.max(i - 1, 0));
          else if (e.key === "Enter" && current) onPick(current.component.name, current.fn.name);
          else if (e.key === "Escape") onClose();
          else return;
          e.preventDefault();
          e.stopPropagation();
        }}
      />
      <div id={listId} role="listbox" aria-label="Actions" className="mt-2 max-h-64 overflow-y-auto">
        {actions.map((item) => (
          <div
            key={item.key}
            id={`${listId}-${item.key}`}
            role="option"
            tabIndex={-1}
            aria-selected={item === current}
            className={`flex cursor-pointer items-center gap-2 rounded-lg px-2 py-1.5 text-sm ${item === current ? "bg-indigo-50 text-indigo-900" : "text-slate-700 hover:bg-slate-50"}`}
            onMouseDown={(e) => {
              // the search keeps the focus; the press picks
              e.preventDefault();
              onPick(item.component.name, item.fn.name);
            }}
          >
            <ComponentIcon name={item.component.icon} className="size-4 shrink-0" />
            <span className="truncate">
              {stepTitleOf(item)}
            </span>
          </div>
        ))}
        {actions.length === 0 && <p className="px-2 py-1.5 text-sm text-slate-500">No action matches “{query}”.</p>}
      </div>
    </div>
  );
}
