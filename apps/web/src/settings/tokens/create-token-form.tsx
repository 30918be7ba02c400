"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { TextField } from "@/auth/text-field";
import { PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/button-styles";
import { CopyButton } from "@/components/copy-button";
import { SelectField } from "@/components/select-field";
import { inputErrorsOf } from "@/trpc/errors";
import type { RouterOutputs } from "@/trpc/outputs";
import { useTRPC } from "@/trpc/react";
import { ROLE_IN_A_SENTENCE, type WorkspaceRole } from "@/workspaces/roles";
import { SettingsSection } from "../settings-frame";

/** How long a new token works; "never" is null for the API. */
const EXPIRY_OPTIONS = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "365 days" },
  { value: "never", label: "Never expires" },
] as const;

type CreatedToken = RouterOutputs["tokens"]["create"];

/** A new API token for the CLI and scripts: shown once, with how to use it. */
export function CreateTokenForm({ role }: { role: WorkspaceRole }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState<string>("90");
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: (token) => {
        setCreated(token);
        setName("");
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() }),
    }),
  );
  const errors = create.error ? inputErrorsOf(create.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(null);
    create.mutate({ name, expiresInDays: expiry === "never" ? null : Number(expiry) });
  }

  return (
    <SettingsSection
      title="New API token"
      description={`For the interflow command line and your scripts. A token acts for you in this workspace, as ${ROLE_IN_A_SENTENCE[role]}.`}
      testId="create-token"
    >
      <form onSubmit={submit} noValidate className="flex flex-wrap items-start gap-6 p-6" data-testid="create-token-form">
        <div className="w-72">
          <TextField
            label="Token name"
            name="name"
            autoComplete="off"
            placeholder="laptop CLI"
            maxLength={80}
            value={name}
            error={errors?.fields.name}
            onChange={(e) => {
              setName(e.target.value);
              create.reset();
            }}
          />
        </div>
        <div className="w-44">
          <SelectField
            label="Expires"
            name="expiresInDays"
            options={EXPIRY_OPTIONS}
            value={expiry}
            error={errors?.fields.expiresInDays}
            onChange={(e) => {
              setExpiry(e.target.value);
              create.reset();
            }}
          />
        </div>
        <div className="pt-7">
          <button type="submit" disabled={create.isPending} className={PRIMARY_BUTTON}>
            {create.isPending ? "Creating…" : "Create token"}
          </button>
        </div>
        {errors?.form && (
          <p role="alert" className="basis-full text-sm text-red-700">
            {errors.form}
          </p>
        )}
      </form>
      {created && <CreatedTokenNotice token={created} onDone={() => setCreated(null)} />}
    </SettingsSection>
  );
}

function CreatedTokenNotice({ token, onDone }: { token: CreatedToken; onDone: () => void }) {
  const command = `INTERFLOW_TOKEN=${token.token} npx interflow flow list`;
  const origin = typeof window === "undefined" ? null : window.location.origin;
  return (
    <div role="status" className="border-t border-slate-100 bg-indigo-50/60 px-6 py-5" data-testid="token-created">
      <p className="text-sm font-medium text-slate-900">
        Your new token “{token.name}” — shown only now
      </p>
      <div className="mt-3 flex items-center gap-2">
        <input
          readOnly
          aria-label="New API token"
          value={token.token}
          data-testid="token-value"
          onFocus={(e) => e.target.select()}
          className="block w-full min-w-0 rounded-lg border border-slate-300 bg-white px-3 py-2 font-mono text-sm text-slate-800 shadow-xs outline-none focus:border-indigo-500 focus:ring-4 focus:ring-indigo-500/15"
        />
        <CopyButton value={token.token} label="Copy the new API token" testId="copy-token" />
      </div>
      <p className="mt-3 text-sm text-slate-700">
        Copy it now: Interflow keeps only a fingerprint of it and cannot show it again. Use it like this:
      </p>
      <div className="mt-2 flex items-center gap-3 rounded-lg bg-slate-900 py-2 pl-4 pr-2 shadow-sm">
        <code className="min-w-0 flex-1 overflow-x-auto whitespace-nowrap font-mono text-sm text-slate-100" data-testid="token-usage">
          <span aria-hidden="true" className="select-none text-slate-500">
            ${" "}
          </span>
          {command}
        </code>
        <CopyButton value={command} label="Copy the command" tone="dark" />
      </div>
      {origin && origin !== "http://localhost:3000" && (
        <p className="mt-2 text-sm text-slate-600">
          The command line calls http://localhost:3000 unless told otherwise: also set{" "}
          <code className="rounded bg-white px-1 py-0.5 text-xs text-slate-700 ring-1 ring-inset ring-slate-200">INTERFLOW_URL={origin}</code>.
        </p>
      )}
      <p className="mt-2 text-sm text-slate-600">
        Scripts and other services use it with the{" "}
        <a href="/docs/api" className="text-indigo-700 hover:underline">
          REST API
        </a>
        : <code className="rounded bg-white px-1 py-0.5 text-xs text-slate-700 ring-1 ring-inset ring-slate-200">Authorization: Bearer …</code>.
      </p>
      <button type="button" onClick={onDone} className={`mt-4 ${SECONDARY_BUTTON}`}>
        Done
      </button>
    </div>
  );
}
