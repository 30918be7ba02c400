"use client";

import { type CSSProperties, useId, useRef, useState } from "react";
import { handleMenuKey, menuItemsOf } from "./menu-keys";

export interface MenuAction {
  label: string;
  onSelect: () => void;
  /** why it cannot be chosen now: the item stays in its place, greyed, saying why (under it and as its title) */
  disabledReason?: string;
  /** removes something: red */
  danger?: boolean;
  testId?: string;
}

const ITEM =
  "block w-full rounded-md px-3 py-2 text-left text-sm outline-none focus:bg-slate-100 aria-disabled:cursor-not-allowed aria-disabled:text-slate-400 aria-disabled:focus:bg-slate-50";

/**
 * A small "⋯" button opening a menu of actions (ARIA menu: arrows, Home, End, Escape). The menu is
 * a popover in the top layer, placed under the button by CSS anchor positioning (above it when
 * there is no room below): a scrolling table does not cut it off.
 */
export function ActionMenu({ label, actions, testId }: { label: string; actions: MenuAction[]; testId?: string }) {
  const id = useId();
  const menuId = `${id}-menu`;
  const anchor = { anchorName: `--menu-${id.replace(/[^\w-]/g, "")}` } as CSSProperties;
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);

  function close(focusButton: boolean) {
    menuRef.current?.hidePopover();
    if (focusButton) buttonRef.current?.focus();
  }

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        popoverTarget={menuId}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={label}
        title="More actions"
        data-testid={testId}
        style={anchor}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" && !open) {
            event.preventDefault();
            menuRef.current?.showPopover();
          }
        }}
        className="inline-flex size-8 shrink-0 items-center justify-center rounded-lg text-slate-500 transition hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 aria-expanded:bg-slate-100 aria-expanded:text-slate-900"
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" className="size-4 fill-current">
          <circle cx="3" cy="8" r="1.4" />
          <circle cx="8" cy="8" r="1.4" />
          <circle cx="13" cy="8" r="1.4" />
        </svg>
      </button>
      <div
        ref={menuRef}
        id={menuId}
        popover="auto"
        role="menu"
        aria-label={label}
        tabIndex={-1}
        onToggle={(event) => {
          const opened = event.newState === "open";
          setOpen(opened);
          if (opened) menuItemsOf(menuRef.current)[0]?.focus();
        }}
        onKeyDown={(event) => handleMenuKey(event, menuRef.current, close)}
        style={{ positionAnchor: anchor.anchorName } as CSSProperties}
        className="inset-auto m-0 mt-1 w-56 rounded-xl border border-slate-200 bg-white p-1.5 text-slate-900 shadow-lg [position-area:bottom_span-left] [position-try-fallbacks:flip-block]"
      >
        {actions.map((action, index) => (
          <button
            key={action.label}
            type="button"
            role="menuitem"
            tabIndex={-1}
            aria-label={action.label}
            aria-disabled={action.disabledReason ? true : undefined}
            aria-describedby={action.disabledReason ? `${id}-why-${index}` : undefined}
            title={action.disabledReason}
            data-testid={action.testId}
            onClick={() => {
              if (action.disabledReason) return;
              close(true);
              action.onSelect();
            }}
            className={`${ITEM} ${action.danger && !action.disabledReason ? "text-red-700 focus:bg-red-50" : "text-slate-700"}`}
          >
            {action.label}
            {/* said, not only in the title: keyboards and touch screens show no title */}
            {action.disabledReason && (
              <span id={`${id}-why-${index}`} className="mt-0.5 block text-xs leading-4 text-slate-400">
                {action.disabledReason}
              </span>
            )}
          </button>
        ))}
      </div>
    </>
  );
}
