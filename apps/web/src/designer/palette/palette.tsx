"use client";

import { useId, useState } from "react";
import { INPUT } from "@/components/button-styles";
import { kindOf, type PaletteItem, paletteItemsOf, stepTitleOf } from "../catalog";
import { ComponentIcon } from "../component-icon";
import { useDesigner } from "../designer-context";
import { HelpLink } from "../help-link";
import { searchPalette, STEP_DRAG_TYPE, type StepDragPayload } from "./palette-search";

/**
 * The components to build with, searchable, triggers first: drag one onto the canvas, or press it
 * (Enter) to add it after the selected step. A flow has one trigger: once it has, triggers are
 * shown but cannot be added.
 */
export function Palette({ onAdd }: { onAdd: (component: string, fn: string) => void }) {
  const catalog = useDesigner((s) => s.catalog);
  const hasTrigger = useDesigner((s) => s.document.nodes.some((n) => kindOf(s.catalog, n.component, n.function) === "trigger"));
  const [query, setQuery] = useState("");
  const searchId = useId();
  const items = searchPalette(paletteItemsOf(catalog), query);
  const triggers = items.filter((item) => item.fn.kind === "trigger");
  const actions = items.filter((item) => item.fn.kind === "action");
  return (
    <aside aria-label="Components" className="flex w-72 shrink-0 flex-col border-r border-slate-200 bg-white" data-testid="palette">
      <div className="border-b border-slate-200 p-3">
        <label htmlFor={searchId} className="sr-only">
          Search components
        </label>
        <input id={searchId} type="search" className={INPUT} placeholder="Search triggers and actions" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      <div className="min-h-0 flex-1 space-y-5 overflow-y-auto p-3">
        <PaletteGroup
          title="Triggers"
          hint={hasTrigger ? "This flow has its trigger. Remove it to pick another." : "A flow starts with one trigger: drag it onto the canvas."}
          items={triggers}
          disabled={hasTrigger}
          onAdd={onAdd}
        />
        <PaletteGroup title="Actions" hint={hasTrigger ? "Drag onto the canvas, or press to add after the selected step." : "Place the trigger first."} items={actions} disabled={false} onAdd={onAdd} />
        {items.length === 0 && <p className="text-sm text-slate-500">Nothing matches “{query}”.</p>}
      </div>
    </aside>
  );
}

function PaletteGroup({ title, hint, items, disabled, onAdd }: { title: string; hint: string; items: PaletteItem[]; disabled: boolean; onAdd: (component: string, fn: string) => void }) {
  const headingId = useId();
  if (items.length === 0) return null;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} className="text-xs font-semibold uppercase tracking-wide text-slate-500">
        {title}
      </h2>
      <p className="mt-0.5 text-xs text-slate-500">{hint}</p>
      <ul className="mt-2 space-y-1.5">
        {items.map((item) => (
          <li key={item.key}>
            <PaletteEntry item={item} disabled={disabled} onAdd={onAdd} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function PaletteEntry({ item, disabled, onAdd }: { item: PaletteItem; disabled: boolean; onAdd: (component: string, fn: string) => void }) {
  const payload: StepDragPayload = { component: item.component.name, function: item.fn.name, kind: item.fn.kind };
  return (
    <div className={`group rounded-lg border border-slate-200 bg-white transition ${disabled ? "opacity-60" : "hover:border-indigo-300 hover:shadow-xs"}`}>
      <button
        type="button"
        draggable={!disabled}
        aria-disabled={disabled || undefined}
        data-testid={`palette-${item.key}`}
        title={disabled ? "A flow has exactly one trigger" : `Drag onto the canvas, or press Enter to add ${item.fn.title}`}
        className={`flex w-full items-start gap-2.5 rounded-lg px-2.5 py-2 text-left focus-visible:outline-2 focus-visible:outline-indigo-600 ${disabled ? "cursor-not-allowed" : "cursor-grab active:cursor-grabbing"}`}
        onDragStart={(event) => {
          event.dataTransfer.setData(STEP_DRAG_TYPE, JSON.stringify(payload));
          event.dataTransfer.effectAllowed = "move";
        }}
        onClick={() => {
          if (!disabled) onAdd(item.component.name, item.fn.name);
        }}
      >
        <span className={`mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-md ${item.fn.kind === "trigger" ? "bg-amber-50 text-amber-700" : "bg-indigo-50 text-indigo-700"}`}>
          <ComponentIcon name={item.component.icon} className="size-4" />
        </span>
        <span className="min-w-0">
          <span className="block text-sm font-medium text-slate-900">
            {stepTitleOf(item)}
          </span>
          <span className="line-clamp-2 block text-xs text-slate-500">{item.fn.description}</span>
        </span>
      </button>
      {item.fn.help && (
        <div className="px-2.5 pb-2 pl-13">
          <HelpLink help={item.fn.help} label={`Help: ${item.fn.title}`} />
        </div>
      )}
    </div>
  );
}
