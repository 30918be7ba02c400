"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import type { FlowSummary } from "./flow";

interface DeleteFlowDialogProps {
  /** the flow to delete; null: closed */
  flow: Pick<FlowSummary, "id" | "name" | "version"> | null;
  onClose: () => void;
  onDeleted: (flow: Pick<FlowSummary, "id" | "name">) => void;
}

/** "Delete <name>?": a stopped flow goes with its versions and history (the API refuses a running one). */
export function DeleteFlowDialog({ flow, onClose, onDeleted }: DeleteFlowDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.flows.delete.mutationOptions({
      onSuccess: (_, { id }) => {
        if (flow) onDeleted({ id, name: flow.name });
        onClose();
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.flows.pathKey() }),
    }),
  );
  const versions = flow?.version === 1 ? "its version" : `its ${flow?.version ?? ""} versions`;
  return (
    <ConfirmDialog
      open={flow !== null}
      title={`Delete “${flow?.name ?? ""}”?`}
      confirmLabel="Delete flow"
      pendingLabel="Deleting…"
      pending={remove.isPending}
      error={remove.isError ? errorMessageOf(remove.error) : null}
      onConfirm={() => flow && remove.mutate({ id: flow.id })}
      onCancel={() => {
        remove.reset();
        onClose();
      }}
    >
      <p>
        The flow goes with {versions}, its state history and its webhook URL. This cannot be undone: export it first to keep a
        copy.
      </p>
    </ConfirmDialog>
  );
}
