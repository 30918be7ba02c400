"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { QUIET_DANGER_BUTTON } from "@/components/button-styles";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DateTime } from "@/components/date-time";
import { errorMessageOf } from "@/trpc/errors";
import type { RouterOutputs } from "@/trpc/outputs";
import { useTRPC } from "@/trpc/react";
import { SettingsSection } from "../settings-frame";
import { CardSkeleton, EmptyRow, LoadError } from "../states";
import { SettingsTable } from "../settings-table";
import { CELL } from "../table";
import { TokenState, tokenStateOf } from "./token-state";

type Token = RouterOutputs["tokens"]["list"]["tokens"][number];

/** The API tokens of this workspace: your own, or (`everybody`, owners) everybody's; revoke after confirming. */
export function TokensList({ everybody }: { everybody: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const [revoking, setRevoking] = useState<Token | null>(null);
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSuccess: () => setRevoking(null),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() }),
    }),
  );

  return (
    <SettingsSection
      title={everybody ? "API tokens of this workspace" : "Your API tokens"}
      description={everybody ? "Everybody's tokens: as an owner you can revoke any of them." : "The tokens you created in this workspace."}
      testId="tokens"
    >
      {tokens.data ? (
        tokens.data.tokens.length === 0 ? (
          <EmptyRow testId="no-tokens">No API tokens yet.</EmptyRow>
        ) : (
          <SettingsTable caption="API tokens" testId="tokens-table" columns={["Name", everybody && "Owner", "Created", "Last used", "Expires", "State", { label: "Actions", hidden: true }]}>
                {tokens.data.tokens.map((token) => (
                  <tr key={token.id} data-testid="token-row" data-token-id={token.id} data-state={tokenStateOf(token)}>
                    <th scope="row" className={`${CELL} text-left font-medium text-slate-900`} data-testid="token-name">
                      {token.name}
                    </th>
                    {everybody && <td className={CELL}>{token.owner?.email ?? <span className="text-slate-500">the installation</span>}</td>}
                    <td className={`${CELL} whitespace-nowrap text-slate-600`}>
                      <DateTime value={token.createdAt} />
                    </td>
                    <td className={`${CELL} whitespace-nowrap text-slate-600`} data-testid="token-last-used">
                      {token.lastUsedAt ? <DateTime value={token.lastUsedAt} /> : <span className="text-slate-400">Never</span>}
                    </td>
                    <td className={`${CELL} whitespace-nowrap text-slate-600`}>
                      {token.expiresAt ? <DateTime value={token.expiresAt} format="date" /> : <span className="text-slate-400">Never</span>}
                    </td>
                    <td className={CELL}>
                      <TokenState token={token} />
                    </td>
                    <td className={`${CELL} text-right`}>
                      {tokenStateOf(token) === "active" && (
                        <button
                          type="button"
                          className={QUIET_DANGER_BUTTON}
                          aria-label={`Revoke ${token.name}`}
                          onClick={() => {
                            revoke.reset();
                            setRevoking(token);
                          }}
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </SettingsTable>
        )
      ) : tokens.isError ? (
        <LoadError what="The API tokens" error={tokens.error} />
      ) : (
        <CardSkeleton rows={2} label="Loading the API tokens…" />
      )}
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke ${revoking?.name ?? ""}?`}
        confirmLabel="Revoke token"
        pendingLabel="Revoking…"
        pending={revoke.isPending}
        error={revoke.isError ? errorMessageOf(revoke.error) : null}
        onConfirm={() => revoking && revoke.mutate({ id: revoking.id })}
        onCancel={() => setRevoking(null)}
      >
        <p>Scripts and command lines that use it are refused from now on. This cannot be undone: create a new token instead.</p>
        {revoking && revoking.owner === null && (
          <p className="mt-2 font-medium text-amber-800">
            This is the installation&rsquo;s admin token (the admin-token file of the data directory): the interflow command line
            uses it when INTERFLOW_TOKEN is not set.
          </p>
        )}
      </ConfirmDialog>
    </SettingsSection>
  );
}
