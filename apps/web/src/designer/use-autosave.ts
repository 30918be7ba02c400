"use client";

import type { FlowIssue } from "@interflow/flow";
import { useMutation } from "@tanstack/react-query";
import { useCallback, useEffect, useRef } from "react";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { useDesigner, useDesignerStore } from "./designer-context";

/** Edits wait this long for the next one before the draft is saved. */
const AUTOSAVE_DELAY_MS = 600;
/** After a failed save the draft is tried again this often. */
const RETRY_MS = 5_000;

/**
 * Saves the draft (document and samples) shortly after each edit, one save at a time; the server's
 * answer brings the issues only it can find (each step's config against its component). Leaving
 * the page with unsaved edits asks first.
 */
export function useAutosave({ enabled }: { enabled: boolean }): { flush: () => Promise<void> } {
  const trpc = useTRPC();
  const store = useDesignerStore();
  const { mutateAsync } = useMutation(trpc.flows.saveDraft.mutationOptions());
  const { revision, savedRevision, saveState } = useDesigner((s) => ({ revision: s.revision, savedRevision: s.savedRevision, saveState: s.saveState }));
  const inFlight = useRef<Promise<void> | null>(null);

  const save = useCallback(async () => {
    if (inFlight.current) return inFlight.current;
    const state = store.getState();
    if (state.revision <= state.savedRevision || !state.flowId) return;
    const revisionSaved = state.revision;
    state.saving(revisionSaved);
    inFlight.current = mutateAsync({ id: state.flowId, document: state.document, samples: state.samples, baseVersion: Math.max(1, state.baseVersion) })
      .then((answer) => {
        store.getState().saved({ revision: revisionSaved, serverIssues: answer.issues as FlowIssue[], baseVersion: answer.baseVersion, currentVersion: answer.currentVersion });
      })
      .catch((error: unknown) => store.getState().saveFailed(errorMessageOf(error)))
      .finally(() => {
        inFlight.current = null;
      });
    return inFlight.current;
  }, [store, mutateAsync]);

  useEffect(() => {
    if (!enabled || revision <= savedRevision || saveState === "saving") return;
    const timer = setTimeout(() => void save(), saveState === "failed" ? RETRY_MS : AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [enabled, revision, savedRevision, saveState, save]);

  useEffect(() => {
    if (!enabled) return;
    const warn = (event: BeforeUnloadEvent) => {
      const state = store.getState();
      if (state.revision > state.savedRevision) event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [enabled, store]);

  const flush = useCallback(async () => {
    // a save in flight, then whatever was edited meanwhile
    await inFlight.current;
    await save();
  }, [save]);
  return { flush };
}
