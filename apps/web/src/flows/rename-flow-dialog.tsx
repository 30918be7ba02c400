"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { TextField } from "@/auth/text-field";
import { PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/button-styles";
import { Modal } from "@/components/modal";
import { inputErrorsOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import type { FlowSummary } from "./flow";

interface RenameFlowDialogProps {
  /** the flow to rename; null: closed */
  flow: Pick<FlowSummary, "id" | "name"> | null;
  onClose: () => void;
  onRenamed: (renamed: FlowSummary, oldName: string) => void;
}

/** Asks for the flow's new name; the API makes it a new version. Its errors show at the field. */
export function RenameFlowDialog({ flow, onClose, onRenamed }: RenameFlowDialogProps) {
  return (
    <Modal open={flow !== null} title="Rename flow" onClose={onClose} testId="rename-flow-dialog">
      {/* fresh for each flow */}
      {flow && <RenameForm key={flow.id} flow={flow} onClose={onClose} onRenamed={onRenamed} />}
    </Modal>
  );
}

function RenameForm({ flow, onClose, onRenamed }: { flow: Pick<FlowSummary, "id" | "name"> } & Omit<RenameFlowDialogProps, "flow">) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(flow.name);
  const rename = useMutation(
    trpc.flows.rename.mutationOptions({
      onSuccess: (renamed) => {
        onRenamed(renamed, flow.name);
        onClose();
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.flows.pathKey() }),
    }),
  );
  const errors = rename.error ? inputErrorsOf(rename.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (name.trim() === flow.name) return onClose(); // the same name makes no new version
    rename.mutate({ id: flow.id, name });
  }

  return (
    <>
      <p className="mt-2 text-sm leading-6 text-slate-600">
        The new name makes a new version of the flow; its earlier versions keep theirs.
      </p>
      <form onSubmit={submit} noValidate className="mt-5 space-y-5">
        <TextField
          label="Flow name"
          name="name"
          autoComplete="off"
          maxLength={200}
          value={name}
          error={errors?.fields.name}
          onChange={(e) => {
            setName(e.target.value);
            rename.reset();
          }}
        />
        {errors?.form && (
          <p role="alert" className="text-sm text-red-700">
            {errors.form}
          </p>
        )}
        <div className="flex justify-end gap-3">
          <button type="button" onClick={onClose} className={SECONDARY_BUTTON}>
            Cancel
          </button>
          <button type="submit" disabled={rename.isPending} className={PRIMARY_BUTTON}>
            {rename.isPending ? "Renaming…" : "Rename"}
          </button>
        </div>
      </form>
    </>
  );
}
