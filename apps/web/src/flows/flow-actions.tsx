"use client";

import type { ManualFlowEvent } from "@interflow/flow";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { SECONDARY_BUTTON } from "@/components/button-styles";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import type { FlowSummary } from "./flow";

const ACTION_LABELS: Record<ManualFlowEvent, string> = { start: "Start", stop: "Stop", suspend: "Suspend", resume: "Resume" };
/** The buttons a row offers, in this order, when the flow's state machine allows them now (`allowed`). */
const OFFERED = ["start", "resume", "stop"] as const satisfies readonly ManualFlowEvent[];

/** Start, resume or stop one flow (owners and editors); the worker moves it on, the list shows it. */
export function FlowActions({ flow, allowed }: { flow: FlowSummary; allowed: readonly ManualFlowEvent[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = { onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.flows.list.queryKey() }) };
  const mutations = {
    start: useMutation(trpc.flows.start.mutationOptions(options)),
    resume: useMutation(trpc.flows.resume.mutationOptions(options)),
    stop: useMutation(trpc.flows.stop.mutationOptions(options)),
  } as const;
  const offered = OFFERED.filter((event) => allowed.includes(event));
  const pending = Object.values(mutations).some((m) => m.isPending);
  const failed = Object.values(mutations).find((m) => m.isError)?.error;

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex justify-end gap-2">
        {offered.map((event) => (
          <button
            key={event}
            type="button"
            disabled={pending}
            aria-label={`${ACTION_LABELS[event]} ${flow.name}`}
            data-testid={`flow-${event}`}
            onClick={() => {
              for (const m of Object.values(mutations)) m.reset();
              mutations[event].mutate({ id: flow.id });
            }}
            className={SECONDARY_BUTTON}
          >
            {ACTION_LABELS[event]}
          </button>
        ))}
      </div>
      {failed && (
        <p role="alert" className="max-w-56 text-right text-xs text-red-700">
          {errorMessageOf(failed)}
        </p>
      )}
    </div>
  );
}
