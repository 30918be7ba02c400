"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { TextField } from "@/auth/text-field";
import { PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/button-styles";
import { CopyButton } from "@/components/copy-button";
import { DateTime } from "@/components/date-time";
import { SelectField } from "@/components/select-field";
import { inputErrorsOf } from "@/trpc/errors";
import type { RouterOutputs } from "@/trpc/outputs";
import { useTRPC } from "@/trpc/react";
import { isWorkspaceRole, ROLE_NAMES, ROLE_OPTIONS, ROLE_SUMMARIES, type WorkspaceRole } from "@/workspaces/roles";
import { SettingsSection } from "../settings-frame";

const DEFAULT_DAYS = 7; // as DEFAULT_INVITATION_DAYS in packages/api
const MAX_DAYS = 30;

type CreatedInvitation = RouterOutputs["invitations"]["create"];

/** Owners create an invitation link for a role; the link is shown once, here, to copy. */
export function InviteForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<WorkspaceRole>("editor");
  const [days, setDays] = useState(String(DEFAULT_DAYS));
  const [daysError, setDaysError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const create = useMutation(
    trpc.invitations.create.mutationOptions({
      onSuccess: (invitation) => setCreated(invitation),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() }),
    }),
  );
  const errors = create.error ? inputErrorsOf(create.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const expiresInDays = Number(days);
    if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > MAX_DAYS) {
      return setDaysError(`A whole number of days, from 1 to ${MAX_DAYS}.`);
    }
    setCreated(null);
    create.mutate({ role, expiresInDays });
  }

  return (
    <SettingsSection
      title="Invite someone"
      description="Create a link for one person: whoever opens it first joins this workspace with the role you choose. Send it yourself, by a channel you trust."
      testId="invite"
    >
      <form onSubmit={submit} noValidate className="flex flex-wrap items-start gap-6 p-6" data-testid="invite-form">
        <div className="w-48">
          <SelectField
            label="Role"
            name="role"
            options={ROLE_OPTIONS}
            value={role}
            error={errors?.fields.role}
            onChange={(e) => {
              if (isWorkspaceRole(e.target.value)) setRole(e.target.value);
              create.reset();
            }}
          />
        </div>
        <div className="w-40">
          <TextField
            label="Valid for (days)"
            name="expiresInDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_DAYS}
            value={days}
            error={daysError ?? errors?.fields.expiresInDays}
            onChange={(e) => {
              setDays(e.target.value);
              setDaysError(null);
              create.reset();
            }}
          />
        </div>
        <div className="pt-7">
          <button type="submit" disabled={create.isPending} className={PRIMARY_BUTTON}>
            {create.isPending ? "Creating…" : "Create invitation link"}
          </button>
        </div>
        <p className="basis-full text-sm text-slate-500">
          {ROLE_NAMES[role]}: {ROLE_SUMMARIES[role]}.
        </p>
        {errors?.form && (
          <p role="alert" className="basis-full text-sm text-red-700">
            {errors.form}
          </p>
        )}
      </form>
      {created && <CreatedLink invitation={created} onDone={() => setCreated(null)} />}
    </SettingsSection>
  );
}

function CreatedLink({ invitation, onDone }: { invitation: CreatedInvitation; onDone: () => void }) {
  return (
    <div role="status" className="border-t border-slate-100 bg-indigo-50/60 px-6 py-5" data-testid="invitation-created">
      <p className="text-sm font-medium text-slate-900">Invitation link — shown only now</p>
      <div className="mt-3 flex items-center gap-2">
        <input
          readOnly
          aria-label="Invitation link"
          value={invitation.url}
          data-testid="invitation-url"
          onFocus={(e) => e.target.select()}
          className="block w-full min-w-0 rounded-lg border border-slate-300 bg-white px-3 py-2 font-mono text-sm text-slate-800 shadow-xs outline-none focus:border-indigo-500 focus:ring-4 focus:ring-indigo-500/15"
        />
        <CopyButton value={invitation.url} label="Copy the invitation link" testId="copy-invitation-url" />
      </div>
      <p className="mt-3 text-sm text-slate-700" data-testid="invitation-terms">
        Anyone with this link can join as {ROLE_NAMES[invitation.role]} until <DateTime value={invitation.expiresAt} />. Copy it
        now: Interflow keeps only a fingerprint of it and cannot show it again.
      </p>
      <button type="button" onClick={onDone} className={`mt-4 ${SECONDARY_BUTTON}`}>
        Done
      </button>
    </div>
  );
}
