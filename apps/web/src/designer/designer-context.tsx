"use client";

import { createContext, useContext } from "react";
import { useStore } from "zustand";
import { useShallow } from "zustand/react/shallow";
import type { DesignerActions, DesignerState, DesignerStore } from "./store";

const DesignerContext = createContext<DesignerStore | null>(null);

export const DesignerProvider = DesignerContext.Provider;

export function useDesignerStore(): DesignerStore {
  const store = useContext(DesignerContext);
  if (!store) throw new Error("useDesigner outside <DesignerProvider>");
  return store;
}

/** A slice of the designer's store; objects and arrays compared shallowly so unrelated edits do not re-render. */
export function useDesigner<T>(selector: (state: DesignerState & DesignerActions) => T): T {
  return useStore(useDesignerStore(), useShallow(selector));
}
