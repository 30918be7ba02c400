import type { KeyboardEvent } from "react";

/** The menu's items, in order (the arrow keys move through them). */
export function menuItemsOf(menu: HTMLElement | null): HTMLElement[] {
  return Array.from(menu?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? []);
}

/**
 * The keys of an ARIA menu: arrows, Home and End move the focus through its items (round), Escape
 * and Tab close it (`close`, told whether the focus goes back to the menu's button). True when the
 * key was the menu's.
 */
export function handleMenuKey(event: KeyboardEvent<HTMLElement>, menu: HTMLElement | null, close: (focusButton: boolean) => void): boolean {
  const all = menuItemsOf(menu);
  const at = all.indexOf(document.activeElement as HTMLElement);
  const focus = (index: number) => all[(index + all.length) % all.length]?.focus();
  if (event.key === "ArrowDown") focus(at + 1);
  else if (event.key === "ArrowUp") focus(at - 1);
  else if (event.key === "Home") focus(0);
  else if (event.key === "End") focus(all.length - 1);
  else if (event.key === "Escape") close(true);
  else if (event.key === "Tab") {
    close(false);
    return false;
  } else return false;
  event.preventDefault();
  return true;
}
