import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import type { SendOutcome } from "./send-outcome";

/** What a retry sends: messages named, or all; from a step; one message's edited body. */
interface RetryRequest {
  messages?: string[];
  all?: boolean;
  fromStep?: string;
  body?: unknown;
  /** an earlier version, made current again (restored) first */
  version?: number;
}

/**
 * Retry and discard of a flow's failed messages, with what the last one did (`outcome`); the
 * flow's executions, failed messages and numbers are read again after each.
 */
export function useSendAgain(flowId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<SendOutcome | null>(null);
  const refresh = () =>
    // flows: a retry on an earlier version restores it (the flow's version, history and state move on)
    Promise.all([queryClient.invalidateQueries({ queryKey: trpc.executions.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.flows.pathKey() })]);
  const retry = useMutation(
    trpc.executions.retry.mutationOptions({
      onSuccess: (result, input) => setOutcome({ kind: "retried", sent: result.sent, edited: input.body !== undefined, skipped: result.skipped }),
      onSettled: () => refresh(),
    }),
  );
  const discard = useMutation(
    trpc.executions.discard.mutationOptions({
      onSuccess: (result) => setOutcome({ kind: "discarded", discarded: result.discarded }),
      onSettled: () => refresh(),
    }),
  );
  return {
    outcome,
    busy: retry.isPending || discard.isPending,
    retry,
    discard,
    /** sends again; a refusal is said above the list (an edited body's refusal stays in its dialog: `retry.error`) */
    sendAgain: (request: RetryRequest, options?: { onSuccess?: () => void; keepRefusal?: boolean }) => {
      setOutcome(null);
      retry.mutate(
        { id: flowId, ...request, fromStep: request.fromStep || undefined, ...(request.version !== undefined ? { restore: true } : {}) },
        {
          onSuccess: () => options?.onSuccess?.(),
          onError: (error) => {
            if (!options?.keepRefusal) setOutcome({ kind: "refused", message: errorMessageOf(error) });
          },
        },
      );
    },
    discardMessages: (messages: string[], options?: { onSuccess?: () => void }) => {
      setOutcome(null);
      discard.mutate({ id: flowId, messages }, { onSuccess: () => options?.onSuccess?.() });
    },
  };
}
