"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { QUIET_DANGER_BUTTON } from "@/components/button-styles";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DateTime } from "@/components/date-time";
import { errorMessageOf } from "@/trpc/errors";
import type { RouterOutputs } from "@/trpc/outputs";
import { useTRPC } from "@/trpc/react";
import { ROLE_NAMES } from "@/workspaces/roles";
import { SettingsSection } from "../settings-frame";
import { CardSkeleton, EmptyRow, LoadError } from "../states";
import { SettingsTable } from "../settings-table";
import { CELL } from "../table";

type Invitation = RouterOutputs["invitations"]["list"]["invitations"][number];

/** The links nobody has used yet (owners only); revoking one makes it stop working at once. */
export function PendingInvitations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invitations = useQuery(trpc.invitations.list.queryOptions());
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const revoke = useMutation(
    trpc.invitations.revoke.mutationOptions({
      onSuccess: () => setRevoking(null),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() }),
    }),
  );

  return (
    <SettingsSection title="Pending invitations" description="Links that can still be used. Each works once." testId="pending-invitations">
      {invitations.data ? (
        invitations.data.invitations.length === 0 ? (
          <EmptyRow testId="no-pending-invitations">No pending invitations.</EmptyRow>
        ) : (
          <SettingsTable caption="Invitation links not used yet" testId="invitations-table" columns={["Role", "Invited by", "Created", "Expires", { label: "Actions", hidden: true }]}>
                {invitations.data.invitations.map((invitation) => (
                  <tr key={invitation.id} data-testid="invitation-row" data-invitation-id={invitation.id}>
                    <th scope="row" className={`${CELL} text-left font-medium text-slate-900`}>
                      {ROLE_NAMES[invitation.role]}
                    </th>
                    <td className={CELL}>{invitation.invitedBy.email}</td>
                    <td className={`${CELL} whitespace-nowrap text-slate-600`}>
                      <DateTime value={invitation.createdAt} />
                    </td>
                    <td className={`${CELL} whitespace-nowrap text-slate-600`}>
                      <DateTime value={invitation.expiresAt} />
                    </td>
                    <td className={`${CELL} text-right`}>
                      <button
                        type="button"
                        className={QUIET_DANGER_BUTTON}
                        aria-label={`Revoke the ${ROLE_NAMES[invitation.role].toLowerCase()} invitation created by ${invitation.invitedBy.email}`}
                        onClick={() => {
                          revoke.reset();
                          setRevoking(invitation);
                        }}
                      >
                        Revoke
                      </button>
                    </td>
                  </tr>
                ))}
              </SettingsTable>
        )
      ) : invitations.isError ? (
        <LoadError what="The pending invitations" error={invitations.error} />
      ) : (
        <CardSkeleton rows={1} label="Loading the pending invitations…" />
      )}
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this invitation?"
        confirmLabel="Revoke invitation"
        pendingLabel="Revoking…"
        pending={revoke.isPending}
        error={revoke.isError ? errorMessageOf(revoke.error) : null}
        onConfirm={() => revoking && revoke.mutate({ id: revoking.id })}
        onCancel={() => setRevoking(null)}
      >
        <p>The link stops working at once: whoever has it can no longer join as {revoking ? ROLE_NAMES[revoking.role] : ""}.</p>
      </ConfirmDialog>
    </SettingsSection>
  );
}
