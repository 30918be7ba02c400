"use client";

import type { ManualFlowEvent } from "@interflow/flow";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FLOW_ACTION_BUTTON, SMALL_FLOW_ACTION_BUTTON } from "@/components/button-styles";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import type { DisplayedState } from "./displayed-state";
import { rememberRequest } from "./requested-states";
import type { StateMachineView } from "./state-machine-view";

/** The buttons, in this order everywhere. */
const ACTIONS = ["start", "stop", "suspend", "resume"] as const satisfies readonly ManualFlowEvent[];
const ACTION_LABELS: Record<ManualFlowEvent, string> = { start: "Start", stop: "Stop", suspend: "Suspend", resume: "Resume" };
/** What each does, as the title of an enabled button. */
const ACTION_EFFECTS: Record<ManualFlowEvent, string> = {
  start: "Starts its steps; its webhook takes messages",
  stop: "Stops it; unprocessed messages are dropped",
  suspend: "Pauses it; queued messages are kept, webhooks are refused (503)",
  resume: "Runs it again; the kept messages are processed",
};

const GRID = "grid grid-cols-[repeat(2,4.75rem)] gap-1.5";
const ROW = "flex justify-end gap-2";

interface FlowActionsProps {
  flow: { id: string; name: string };
  /** the state shown and the actions it allows */
  displayed: DisplayedState;
  machine: StateMachineView;
  /** "allowed": only the buttons allowed now (the flows list); "all": all four, those not allowed disabled, saying why */
  show: "allowed" | "all";
  /** "grid": two by two, small (a dashboard row); "row": side by side */
  layout?: "grid" | "row";
  /**
   * asked before a start is sent: true when the caller takes it over (it asks the person first, then
   * calls `start`); the designer does so while its draft holds unpublished changes
   */
  confirmStart?: (start: () => void) => boolean;
}

/**
 * Start, stop, suspend or resume one flow (owners and editors). The API checks the state machine
 * and asks the worker; the flow shows the state the action leads to until the worker has moved it.
 */
export function FlowActions({ flow, displayed, machine, show, layout = "row", confirmStart }: FlowActionsProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  /** said after a start or resume: the version that runs lacks the draft's changes */
  const [note, setNote] = useState<string | null>(null);
  const options = {
    onSuccess: ({ state, requested, version, unpublishedDraft }: { state: DisplayedState["state"]; requested: ManualFlowEvent; version?: number; unpublishedDraft?: boolean }) => {
      const move = machine.moves[state][requested];
      if ("to" in move) rememberRequest(flow.id, { event: requested, from: state, to: move.to, at: Date.now() });
      // (the designer asked about it before starting)
      if (unpublishedDraft && !confirmStart) setNote(`Version ${version} runs as it was published: the draft's changes are not in it until you publish them.`);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.flows.pathKey() }),
  };
  const mutations = {
    start: useMutation(trpc.flows.start.mutationOptions(options)),
    stop: useMutation(trpc.flows.stop.mutationOptions(options)),
    suspend: useMutation(trpc.flows.suspend.mutationOptions(options)),
    resume: useMutation(trpc.flows.resume.mutationOptions(options)),
  } as const;
  const shown = show === "all" ? ACTIONS : ACTIONS.filter((event) => displayed.allowed.includes(event));
  const pending = Object.values(mutations).some((m) => m.isPending);
  const failed = Object.values(mutations).find((m) => m.isError)?.error;

  const whyNot = (event: ManualFlowEvent) => {
    const move = machine.moves[displayed.state][event];
    return "refused" in move ? move.refused : `Not possible while the flow is ${displayed.label}`;
  };

  return (
    <div className={`flex flex-col gap-1 ${layout === "grid" ? "items-start" : "items-end"}`} data-testid="flow-actions" aria-busy={pending || undefined}>
      <div className={layout === "grid" ? GRID : ROW}>
        {shown.map((event) => {
          const allowed = displayed.allowed.includes(event);
          return (
            <button
              key={event}
              type="button"
              disabled={pending || !allowed}
              aria-label={`${ACTION_LABELS[event]} ${flow.name}`}
              title={allowed ? ACTION_EFFECTS[event] : whyNot(event)}
              data-testid={`flow-${event}`}
              onClick={() => {
                for (const m of Object.values(mutations)) m.reset();
                setNote(null);
                const send = () => mutations[event].mutate({ id: flow.id });
                if (event === "start" && confirmStart?.(send)) return;
                send();
              }}
              className={layout === "grid" ? SMALL_FLOW_ACTION_BUTTON : FLOW_ACTION_BUTTON}
            >
              {ACTION_LABELS[event]}
            </button>
          );
        })}
      </div>
      {note && !failed && (
        <p role="status" data-testid="flow-action-note" className={`max-w-64 text-xs text-amber-800 ${layout === "grid" ? "text-left" : "text-right"}`}>
          {note}
        </p>
      )}
      {failed && (
        <p role="alert" data-testid="flow-action-error" className={`max-w-56 text-xs text-red-700 ${layout === "grid" ? "text-left" : "text-right"}`}>
          {errorMessageOf(failed)}
        </p>
      )}
    </div>
  );
}
