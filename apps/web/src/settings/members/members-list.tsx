"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { INPUT, QUIET_DANGER_BUTTON } from "@/components/button-styles";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DateTime } from "@/components/date-time";
import { errorMessageOf } from "@/trpc/errors";
import type { RouterOutputs } from "@/trpc/outputs";
import { useTRPC } from "@/trpc/react";
import { isWorkspaceRole, ROLE_IN_A_SENTENCE, ROLE_NAMES, ROLE_OPTIONS } from "@/workspaces/roles";
import { SettingsSection } from "../settings-frame";
import { CardSkeleton, LoadError } from "../states";
import { SettingsTable } from "../settings-table";
import { CELL } from "../table";

type Member = RouterOutputs["members"]["list"]["members"][number];

/** Everybody in the workspace; owners change roles and remove members (after confirming). */
export function MembersList({ isOwner, myUserId, workspaceName }: { isOwner: boolean; myUserId: string | null; workspaceName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.members.list.queryOptions());
  const [removing, setRemoving] = useState<Member | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
  const setRole = useMutation(trpc.members.setRole.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: ({ userId }) => {
        setRemoving(null);
        // without this workspace the page has nothing left to show its former member
        if (userId === myUserId) window.location.assign("/");
      },
      onSettled: refresh,
    }),
  );

  const count = members.data?.members.length;
  return (
    <SettingsSection
      title="Members"
      description={isOwner ? "Everybody in this workspace. As an owner you change their roles and remove them." : "Everybody in this workspace, with their roles."}
      testId="members"
    >
      {setRole.isError && (
        <p role="alert" className="m-4 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="member-error">
          {errorMessageOf(setRole.error)}
        </p>
      )}
      {setRole.isSuccess && (
        <p role="status" className="m-4 rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
          {members.data?.members.find((m) => m.userId === setRole.data.userId)?.email ?? "The member"} is now{" "}
          {ROLE_IN_A_SENTENCE[setRole.data.role]}.
        </p>
      )}
      {members.data ? (
        <SettingsTable caption={`${count} ${count === 1 ? "member" : "members"} of ${workspaceName}`} testId="members-table" columns={["Member", "Role", "Joined", isOwner && { label: "Actions", hidden: true }]}>
              {members.data.members.map((member) => (
                <tr key={member.userId} data-testid="member-row" data-email={member.email}>
                  <th scope="row" className={`${CELL} text-left font-normal`}>
                    <div className="font-medium text-slate-900">
                      {member.name}
                      {member.userId === myUserId && <span className="ml-2 text-xs font-normal text-slate-500">(you)</span>}
                    </div>
                    <div className="text-slate-500">{member.email}</div>
                  </th>
                  <td className={CELL}>
                    {isOwner ? (
                      <select
                        aria-label={`Role of ${member.email}`}
                        data-testid="member-role-select"
                        // the role being set shows at once; if the API refuses it, the role it has comes back
                        value={setRole.isPending && setRole.variables.userId === member.userId ? setRole.variables.role : member.role}
                        disabled={setRole.isPending}
                        onChange={(e) => {
                          if (isWorkspaceRole(e.target.value)) setRole.mutate({ userId: member.userId, role: e.target.value });
                        }}
                        className={`${INPUT} w-32 py-1.5`}
                      >
                        {ROLE_OPTIONS.map((option) => (
                          <option key={option.value} value={option.value}>
                            {option.label}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span data-testid="member-role">{ROLE_NAMES[member.role]}</span>
                    )}
                  </td>
                  <td className={`${CELL} whitespace-nowrap text-slate-600`}>
                    <DateTime value={member.joinedAt} format="date" />
                  </td>
                  {isOwner && (
                    <td className={`${CELL} text-right`}>
                      <button
                        type="button"
                        className={QUIET_DANGER_BUTTON}
                        aria-label={`Remove ${member.email}`}
                        onClick={() => {
                          remove.reset();
                          setRemoving(member);
                        }}
                      >
                        Remove
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </SettingsTable>
      ) : members.isError ? (
        <LoadError what="The members" error={members.error} />
      ) : (
        <CardSkeleton rows={2} label="Loading the members…" />
      )}
      <ConfirmDialog
        open={removing !== null}
        title={removing?.userId === myUserId ? `Leave ${workspaceName}?` : `Remove ${removing?.name ?? ""}?`}
        confirmLabel={removing?.userId === myUserId ? "Leave workspace" : "Remove member"}
        pendingLabel="Removing…"
        pending={remove.isPending}
        error={remove.isError ? errorMessageOf(remove.error) : null}
        onConfirm={() => removing && remove.mutate({ userId: removing.userId })}
        onCancel={() => setRemoving(null)}
      >
        {removing?.userId === myUserId ? (
          <p>You will no longer see this workspace or its flows, and your API tokens of it stop working.</p>
        ) : (
          <p>
            {removing?.email} will no longer see {workspaceName} or its flows, and their API tokens of this workspace stop working
            at once. An owner can invite them again.
          </p>
        )}
      </ConfirmDialog>
    </SettingsSection>
  );
}
