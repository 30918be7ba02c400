"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { errorMessageOf, removedStepsConflictOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { useDesignerStore } from "../designer-context";

/** What publishing the draft came to, in words; `dropOffer`: refused because removed steps hold queued messages. */
export interface PublishOutcome {
  ok: boolean;
  text: string;
  dropOffer?: boolean;
  version?: number;
}

/** Saves pending edits, then publishes the draft as the flow's next version (Publish, and Start's "Publish and start"). */
export function usePublishDraft(flowId: string, flush: () => Promise<void>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const store = useDesignerStore();
  const publish = useMutation(trpc.flows.publish.mutationOptions());

  const publishDraft = async (dropQueued?: true): Promise<PublishOutcome> => {
    try {
      await flush();
      if (store.getState().saveState === "failed") throw new Error(store.getState().saveError ?? "the draft could not be saved");
      const flow = await publish.mutateAsync({ id: flowId, dropQueued });
      if (store.getState().revision <= store.getState().savedRevision) store.getState().published(flow.version);
      await queryClient.invalidateQueries({ queryKey: trpc.flows.pathKey() });
      return { ok: true, version: flow.version, text: `Published version ${flow.version}${flow.restarted ? "; the flow restarts on it" : ""}` };
    } catch (error) {
      const conflict = removedStepsConflictOf(error);
      return conflict ? { ok: false, text: conflict, dropOffer: true } : { ok: false, text: errorMessageOf(error) };
    }
  };
  return { publishDraft, publishing: publish.isPending };
}
