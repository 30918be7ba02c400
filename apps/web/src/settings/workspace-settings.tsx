"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { TextField } from "@/auth/text-field";
import { PRIMARY_BUTTON } from "@/components/button-styles";
import { inputErrorsOf } from "@/trpc/errors";
import type { RouterOutputs } from "@/trpc/outputs";
import { useTRPC } from "@/trpc/react";
import { ExecutionRetentionFields, type RetentionValues, retentionInputOf, retentionValuesOf } from "./execution-retention-fields";
import { SettingsSection } from "./settings-frame";
import { CardSkeleton, LoadError } from "./states";

type WorkspaceSettingsView = RouterOutputs["workspaces"]["get"];

const MIB = 1024 * 1024;
/** the worker's default idle period (INTERFLOW_IDLE_SECONDS) when neither flow nor workspace sets one */
export const PLATFORM_IDLE_SECONDS = 60;

/** The Workspace tab: name, limited, queue limits, idle period, what is kept of executions; owners change them, everybody else reads them. */
export function WorkspaceSettings() {
  const trpc = useTRPC();
  const workspace = useQuery(trpc.workspaces.get.queryOptions());
  return (
    <SettingsSection title="Workspace" description="Its name, what happens to its flows when their queues fill up, and how long their executions are kept." testId="workspace-settings">
      {workspace.data ? (
        // fresh fields for another workspace; a refetch of this one keeps what is being typed
        <WorkspaceForm key={workspace.data.id} workspace={workspace.data} />
      ) : workspace.isError ? (
        <LoadError what="The workspace's settings" error={workspace.error} />
      ) : (
        <CardSkeleton rows={4} label="Loading the workspace's settings…" />
      )}
    </SettingsSection>
  );
}

/** "" → null (the platform default); anything else as the number typed. */
function numberOrNull(text: string): number | null {
  return text.trim() === "" ? null : Number(text);
}

function WorkspaceForm({ workspace }: { workspace: WorkspaceSettingsView }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const readOnly = workspace.role !== "owner";
  const [name, setName] = useState(workspace.name);
  const [limited, setLimited] = useState(workspace.limited);
  const [messages, setMessages] = useState(workspace.limits.messages?.toString() ?? "");
  const [megabytes, setMegabytes] = useState(workspace.limits.bytes === null ? "" : String(workspace.limits.bytes / MIB));
  const [idle, setIdle] = useState(workspace.idleSeconds?.toString() ?? "");
  const [retention, setRetention] = useState<RetentionValues>(() => retentionValuesOf(workspace));
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const limitedId = useId();
  const update = useMutation(
    trpc.workspaces.update.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.workspaces.get.queryKey(), next);
        setSaved(true);
        if (next.name !== workspace.name) router.refresh(); // the header shows the name
      },
    }),
  );
  const apiErrors = update.error ? inputErrorsOf(update.error) : null;
  const errors = { ...apiErrors?.fields, ...checked };

  function edited() {
    setSaved(false);
    setChecked({});
    update.reset();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const limitMessages = numberOrNull(messages);
    const limitMegabytes = numberOrNull(megabytes);
    const found: Record<string, string> = {};
    if (limitMessages !== null && !(Number.isInteger(limitMessages) && limitMessages >= 1)) found["limits.messages"] = "A whole number, at least 1, or empty for the platform default.";
    if (limitMegabytes !== null && !(limitMegabytes >= 1)) found["limits.bytes"] = "At least 1 MB, or empty for the platform default.";
    const idleSeconds = numberOrNull(idle);
    if (idleSeconds !== null && !(Number.isInteger(idleSeconds) && idleSeconds >= 10 && idleSeconds <= 86_400)) {
      found.idleSeconds = "Whole seconds from 10 to 86400, or empty for the platform default.";
    }
    const executions = retentionInputOf(retention);
    if ("errors" in executions) Object.assign(found, executions.errors);
    if (Object.keys(found).length > 0 || "errors" in executions) return setChecked(found);
    update.mutate({
      name,
      limited,
      limits: { messages: limitMessages, bytes: limitMegabytes === null ? null : Math.round(limitMegabytes * MIB) },
      idleSeconds,
      executions: executions.input,
    });
  }

  return (
    <form onSubmit={submit} noValidate className="divide-y divide-slate-100" data-testid="workspace-form">
      <div className="grid gap-6 p-6 sm:grid-cols-2">
        <div className="sm:col-span-1">
          <TextField
            label="Name"
            name="name"
            autoComplete="off"
            maxLength={80}
            value={name}
            disabled={readOnly}
            error={errors.name}
            onChange={(e) => {
              setName(e.target.value);
              edited();
            }}
          />
        </div>
        <div className="flex gap-3 sm:col-span-2">
          <input
            id={limitedId}
            type="checkbox"
            name="limited"
            checked={limited}
            disabled={readOnly}
            aria-describedby={`${limitedId}-hint`}
            onChange={(e) => {
              setLimited(e.target.checked);
              edited();
            }}
            className="mt-0.5 size-4 shrink-0 rounded border-slate-300 accent-indigo-600 disabled:opacity-60"
          />
          <div>
            <label htmlFor={limitedId} className="block text-sm font-medium text-slate-900">
              Limited workspace
            </label>
            <p id={`${limitedId}-hint`} className="mt-1 text-sm text-slate-500">
              Over its limits, a flow of a limited workspace is stopped and its messages dropped, instead of suspended with its
              messages kept.
            </p>
          </div>
        </div>
      </div>

      <fieldset className="p-6">
        <legend className="float-left text-sm font-medium text-slate-900">Queue limits per step</legend>
        <p className="clear-left pt-1 text-sm text-slate-500">
          For flows that set none themselves. Leave a field empty for the platform default (shown in it).
        </p>
        <div className="mt-4 grid gap-6 sm:grid-cols-2">
          <TextField
            label="Messages"
            name="limits.messages"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            placeholder={`${workspace.defaults.messages.toLocaleString("en-US")} (default)`}
            value={messages}
            disabled={readOnly}
            error={errors["limits.messages"]}
            onChange={(e) => {
              setMessages(e.target.value);
              edited();
            }}
          />
          <TextField
            label="Size (MB)"
            name="limits.bytes"
            type="number"
            inputMode="decimal"
            min={1}
            placeholder={`${(workspace.defaults.bytes / MIB).toLocaleString("en-US")} (default)`}
            value={megabytes}
            disabled={readOnly}
            error={errors["limits.bytes"]}
            onChange={(e) => {
              setMegabytes(e.target.value);
              edited();
            }}
          />
        </div>
      </fieldset>

      <fieldset className="p-6">
        <legend className="float-left text-sm font-medium text-slate-900">Sleeping</legend>
        <p className="clear-left pt-1 text-sm text-slate-500">
          An ordinary flow whose queues stay empty this long goes to sleep: its runners stop until the next message wakes it. A
          flow's own setting wins; realtime flows never sleep.
        </p>
        <div className="mt-4 grid gap-6 sm:grid-cols-2">
          <TextField
            label="Idle period (seconds)"
            name="idleSeconds"
            type="number"
            inputMode="numeric"
            min={10}
            max={86_400}
            step={1}
            placeholder={`${PLATFORM_IDLE_SECONDS} (default)`}
            value={idle}
            disabled={readOnly}
            error={errors.idleSeconds}
            onChange={(e) => {
              setIdle(e.target.value);
              edited();
            }}
          />
        </div>
      </fieldset>

      <ExecutionRetentionFields
        workspace={workspace}
        values={retention}
        errors={errors}
        readOnly={readOnly}
        onChange={(next) => {
          setRetention(next);
          edited();
        }}
      />

      <div className="flex items-center justify-end gap-4 rounded-b-xl bg-slate-50/80 px-6 py-4">
        {readOnly ? (
          <p className="text-sm text-slate-500" data-testid="read-only-note">
            Only owners change these settings.
          </p>
        ) : (
          <>
            {saved && (
              <p role="status" className="text-sm text-emerald-700">
                Saved.
              </p>
            )}
            {apiErrors?.form && (
              <p role="alert" className="text-sm text-red-700">
                {apiErrors.form}
              </p>
            )}
            <button type="submit" disabled={update.isPending} className={PRIMARY_BUTTON}>
              {update.isPending ? "Saving…" : "Save"}
            </button>
          </>
        )}
      </div>
    </form>
  );
}

