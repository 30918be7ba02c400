"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { TextField } from "@/auth/text-field";
import { PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/button-styles";
import { Modal } from "@/components/modal";

/** "New flow": a name and a kind, then the designer's empty canvas (the flow is created with its trigger). */
export function NewFlowButton() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [type, setType] = useState<"ordinary" | "realtime">("ordinary");
  const [error, setError] = useState<string | undefined>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (name.trim() === "") {
      setError("Give the flow a name");
      return;
    }
    router.push(`/flows/new?${new URLSearchParams({ name: name.trim(), type })}`);
  }

  return (
    <>
      <button type="button" className={PRIMARY_BUTTON} onClick={() => setOpen(true)} data-testid="new-flow">
        New flow
      </button>
      <Modal open={open} title="New flow" onClose={() => setOpen(false)} testId="new-flow-dialog">
        <form onSubmit={submit} noValidate className="mt-5 space-y-5">
          <TextField
            label="Name"
            name="name"
            autoComplete="off"
            maxLength={200}
            value={name}
            error={error}
            onChange={(e) => {
              setName(e.target.value);
              setError(undefined);
            }}
          />
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Kind</legend>
            <div className="mt-2 space-y-2 text-sm text-slate-700">
              <label className="flex items-start gap-2">
                <input type="radio" name="type" className="mt-1" checked={type === "ordinary"} onChange={() => setType("ordinary")} />
                <span>
                  <span className="font-medium">Ordinary</span> — sleeps when idle, wakes on the next message.
                </span>
              </label>
              <label className="flex items-start gap-2">
                <input type="radio" name="type" className="mt-1" checked={type === "realtime"} onChange={() => setType("realtime")} />
                <span>
                  <span className="font-medium">Realtime</span> — never sleeps, answers at once.
                </span>
              </label>
            </div>
          </fieldset>
          <div className="flex justify-end gap-3">
            <button type="button" onClick={() => setOpen(false)} className={SECONDARY_BUTTON}>
              Cancel
            </button>
            <button type="submit" className={PRIMARY_BUTTON} data-testid="new-flow-submit">
              Open the designer
            </button>
          </div>
        </form>
      </Modal>
    </>
  );
}
