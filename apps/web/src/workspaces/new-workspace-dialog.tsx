"use client";

import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { TextField } from "@/auth/text-field";
import { PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/button-styles";
import { Modal } from "@/components/modal";
import { inputErrorsOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { useSwitchWorkspace } from "./use-switch-workspace";

/** Asks for a name, creates the workspace (the person becomes its owner) and switches to it. */
export function NewWorkspaceDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const switchWorkspace = useSwitchWorkspace();
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.workspaces.create.mutationOptions({
      onSuccess: (workspace) => {
        close();
        switchWorkspace(workspace.id, "/");
      },
    }),
  );
  const errors = create.error ? inputErrorsOf(create.error) : null;

  function close() {
    setName("");
    create.reset();
    onClose();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ name });
  }

  return (
    <Modal open={open} title="New workspace" onClose={close} testId="new-workspace-dialog">
      <p className="mt-2 text-sm leading-6 text-slate-600">
        A workspace has its own flows, members and API tokens. You will be its owner.
      </p>
      <form onSubmit={submit} noValidate className="mt-5 space-y-5">
        <TextField
          label="Workspace name"
          name="name"
          autoComplete="off"
          maxLength={80}
          value={name}
          error={errors?.fields.name}
          onChange={(e) => {
            setName(e.target.value);
            create.reset();
          }}
        />
        {errors?.form && (
          <p role="alert" className="text-sm text-red-700">
            {errors.form}
          </p>
        )}
        <div className="flex justify-end gap-3">
          <button type="button" onClick={close} className={SECONDARY_BUTTON}>
            Cancel
          </button>
          <button type="submit" disabled={create.isPending} className={PRIMARY_BUTTON}>
            {create.isPending ? "Creating…" : "Create workspace"}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** A button that opens the new-workspace dialog (for a person who belongs to no workspace). */
export function NewWorkspaceButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} className={PRIMARY_BUTTON}>
        New workspace
      </button>
      <NewWorkspaceDialog open={open} onClose={() => setOpen(false)} />
    </>
  );
}
