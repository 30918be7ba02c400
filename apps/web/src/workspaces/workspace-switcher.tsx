"use client";

import type { WorkspaceView } from "@interflow/api";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { handleMenuKey, menuItemsOf } from "@/components/menu-keys";
import { useTRPC } from "@/trpc/react";
import { NewWorkspaceDialog } from "./new-workspace-dialog";
import { useCanCreateWorkspaces } from "./use-can-create-workspaces";
import { ROLE_NAMES } from "./roles";
import { useSwitchWorkspace } from "./use-switch-workspace";

const ITEM = "flex w-full items-center justify-between gap-3 rounded-md px-3 py-2 text-left text-sm outline-none focus:bg-slate-100";

/**
 * The header's current workspace with the person's role in it; a menu (ARIA menu: arrows, Home,
 * End, Escape) lists their other workspaces to switch to, and starts a new one.
 */
export function WorkspaceSwitcher({ current }: { current: WorkspaceView }) {
  const trpc = useTRPC();
  const switchWorkspace = useSwitchWorkspace();
  const workspaces = useQuery(trpc.workspaces.list.queryOptions());
  const canCreate = useCanCreateWorkspaces();
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  // opening puts the focus on the current workspace (else the first item)
  useEffect(() => {
    if (!open) return;
    const all = menuItemsOf(menuRef.current);
    (all.find((item) => item.getAttribute("aria-checked") === "true") ?? all[0])?.focus();
    const closeOutside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", closeOutside);
    return () => document.removeEventListener("pointerdown", closeOutside);
  }, [open]);

  function close(focusButton: boolean) {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  }

  function choose(workspace: WorkspaceView) {
    close(true);
    if (workspace.id !== current.id) switchWorkspace(workspace.id);
  }

  const listed = workspaces.data?.workspaces ?? [current];
  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        data-testid="workspace-switcher"
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
        className="flex max-w-72 items-center gap-2 rounded-lg px-2.5 py-1.5 text-sm text-slate-600 transition hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        <span className="sr-only">Workspace: </span>
        <span className="truncate font-medium text-slate-900" data-testid="workspace-name">
          {current.name}
        </span>
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600" data-testid="workspace-role">
          {ROLE_NAMES[current.role]}
        </span>
        <svg viewBox="0 0 16 16" aria-hidden="true" className="size-4 shrink-0 fill-none stroke-slate-400 stroke-[1.5]">
          <path d="m4.5 6.5 3.5 3.5 3.5-3.5" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>

      {open && (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label="Switch workspace"
          tabIndex={-1}
          onKeyDown={(event) => handleMenuKey(event, menuRef.current, close)}
          className="absolute left-0 z-20 mt-2 w-72 rounded-xl border border-slate-200 bg-white p-1.5 shadow-lg"
        >
          <p className="px-3 pb-1 pt-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500" aria-hidden="true">
            Your workspaces
          </p>
          {listed.map((workspace) => (
            <button
              key={workspace.id}
              type="button"
              role="menuitemradio"
              aria-checked={workspace.id === current.id}
              tabIndex={-1}
              data-testid="workspace-option"
              onClick={() => choose(workspace)}
              className={ITEM}
            >
              <span className="flex min-w-0 items-center gap-2">
                <svg viewBox="0 0 16 16" aria-hidden="true" className={`size-4 shrink-0 fill-none stroke-indigo-600 stroke-2 ${workspace.id === current.id ? "" : "invisible"}`}>
                  <path d="m3.5 8.5 3 3 6-7" strokeLinecap="round" strokeLinejoin="round" />
                </svg>
                <span className="truncate font-medium text-slate-900">{workspace.name}</span>
              </span>
              <span className="shrink-0 text-xs text-slate-500">{ROLE_NAMES[workspace.role]}</span>
            </button>
          ))}
          {workspaces.isError && (
            <p className="px-3 py-2 text-xs text-red-700">Your other workspaces could not be loaded.</p>
          )}
          {canCreate && <hr className="my-1.5 border-slate-200" />}
          {canCreate && (
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            onClick={() => {
              close(false);
              setCreating(true);
            }}
            className={`${ITEM} justify-start font-medium text-indigo-700`}
          >
            <svg viewBox="0 0 16 16" aria-hidden="true" className="size-4 shrink-0 fill-none stroke-current stroke-2">
              <path d="M8 3.5v9M3.5 8h9" strokeLinecap="round" />
            </svg>
            New workspace…
          </button>
          )}
        </div>
      )}
      <NewWorkspaceDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
