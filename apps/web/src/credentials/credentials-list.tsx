"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { PRIMARY_BUTTON, QUIET_DANGER_BUTTON, SECONDARY_BUTTON } from "@/components/button-styles";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DateTime } from "@/components/date-time";
import { SettingsSection } from "@/settings/settings-frame";
import { CardSkeleton, EmptyRow, LoadError } from "@/settings/states";
import { SettingsTable } from "@/settings/settings-table";
import { CELL } from "@/settings/table";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import type { CredentialView } from "./credential-kinds";
import { CredentialStatus } from "./credential-status";
import { CredentialWizard } from "./credential-wizard";
import { canRotate, RotateSecretDialog } from "./rotate-secret";

/**
 * The workspace's credentials: what they are for, their secrets masked, whether they work.
 * Owners and editors add, change, verify and delete them; viewers see the list.
 */
export function CredentialsList({ canChange }: { canChange: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const credentials = useQuery(trpc.credentials.list.queryOptions({}));
  const [wizard, setWizard] = useState<{ editing?: CredentialView } | null>(null);
  const [deleting, setDeleting] = useState<CredentialView | null>(null);
  const [rotating, setRotating] = useState<CredentialView | null>(null);
  const components = useQuery(trpc.components.list.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const remove = useMutation(
    trpc.credentials.delete.mutationOptions({
      onSuccess: () => setDeleting(null),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.credentials.pathKey() }),
    }),
  );
  const verify = useMutation(trpc.credentials.verify.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.credentials.pathKey() }) }));
  // OAuth2 (authorization code): off to the application's sign-in page; it sends the person back to /api/oauth2/callback
  const connect = useMutation(trpc.credentials.connect.mutationOptions({ onSuccess: ({ authorizationUrl }) => window.location.assign(authorizationUrl) }));

  return (
    <SettingsSection
      title="Credentials"
      description="What your flows' steps sign in with. Secrets are encrypted at rest and never shown again: replace them, do not read them."
      action={
        canChange ? (
          <button type="button" className={PRIMARY_BUTTON} onClick={() => setWizard({})} data-testid="new-credential">
            New credential
          </button>
        ) : undefined
      }
      testId="credentials"
    >
      <ConnectOutcome />
      {connect.error && (
        <p role="alert" className="mb-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not start connecting: {connect.error.message}
        </p>
      )}
      {credentials.data ? (
        credentials.data.credentials.length === 0 ? (
          <EmptyRow testId="no-credentials">No credentials yet.{canChange ? " Add one with New credential, or from a step in the designer." : ""}</EmptyRow>
        ) : (
          <SettingsTable caption="Credentials" testId="credentials-table" columns={["Name", "For", "Secrets", "Status", "Changed", { label: "Actions", hidden: true }]}>
                {credentials.data.credentials.map((credential) => (
                  <tr key={credential.id} data-testid="credential-row" data-credential-id={credential.id}>
                    <th scope="row" className={`${CELL} text-left font-medium text-slate-900`} data-testid="credential-name">
                      {credential.name}
                    </th>
                    <td className={CELL}>
                      {credential.component} <span className="text-slate-500">· {credential.authKind}</span>
                    </td>
                    <td className={`${CELL} font-mono text-xs`} data-testid="credential-secrets">
                      {Object.entries(credential.secrets).map(([key, secret]) => (
                        <div key={key}>
                          {key}: {secret.masked}
                        </div>
                      ))}
                    </td>
                    <td className={CELL}>
                      <CredentialStatus credential={credential} />
                    </td>
                    <td className={`${CELL} whitespace-nowrap text-slate-600`}>
                      <DateTime value={credential.updatedAt} />
                    </td>
                    <td className={`${CELL} whitespace-nowrap text-right`}>
                      {canChange && (
                        <div className="flex justify-end gap-2">
                          {credential.authKind === "oauth2-authorization-code" && (
                            <button type="button" className={SECONDARY_BUTTON} disabled={connect.isPending} onClick={() => connect.mutate({ id: credential.id })} aria-label={`Connect ${credential.name}`}>
                              {credential.oauth?.connected ? "Reconnect" : "Connect"}
                            </button>
                          )}
                          <button type="button" className={SECONDARY_BUTTON} disabled={verify.isPending} onClick={() => verify.mutate({ id: credential.id })} aria-label={`Verify ${credential.name}`}>
                            {verify.isPending && verify.variables?.id === credential.id ? "Verifying…" : "Verify"}
                          </button>
                          {canRotate(credential, components.data?.components) && (
                            <button type="button" className={SECONDARY_BUTTON} onClick={() => setRotating(credential)} aria-label={`Rotate the secret of ${credential.name}`}>
                              Rotate
                            </button>
                          )}
                          <button type="button" className={SECONDARY_BUTTON} onClick={() => setWizard({ editing: credential })} aria-label={`Change ${credential.name}`}>
                            Change
                          </button>
                          <button
                            type="button"
                            className={QUIET_DANGER_BUTTON}
                            aria-label={`Delete ${credential.name}`}
                            onClick={() => {
                              remove.reset();
                              setDeleting(credential);
                            }}
                          >
                            Delete
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </SettingsTable>
        )
      ) : credentials.isError ? (
        <LoadError what="The credentials" error={credentials.error} />
      ) : (
        <CardSkeleton rows={2} label="Loading the credentials…" />
      )}
      {verify.error && (
        <p role="alert" className="px-6 pb-4 text-sm text-red-700">
          {errorMessageOf(verify.error)}
        </p>
      )}
      <CredentialWizard open={wizard !== null} editing={wizard?.editing} onClose={() => setWizard(null)} />
      {rotating && <RotateSecretDialog credential={rotating} onClose={() => setRotating(null)} />}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? ""}?`}
        confirmLabel="Delete credential"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.error ? errorMessageOf(remove.error) : null}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        onCancel={() => setDeleting(null)}
      >
        Its secrets are destroyed. Flows that use it must be given another credential first.
      </ConfirmDialog>
    </SettingsSection>
  );
}

/** What the application's redirect back (/api/oauth2/callback) said: connected, or why not. */
function ConnectOutcome() {
  const params = useSearchParams();
  const connected = params.get("connected");
  const error = params.get("connectError");
  if (connected) {
    return (
      <p role="status" className="mb-3 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800" data-testid="connect-outcome">
        Connected {connected}: Interflow renews its access token before it expires.
      </p>
    );
  }
  if (error) {
    return (
      <p role="alert" className="mb-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="connect-outcome">
        Not connected: {error}
      </p>
    );
  }
  return null;
}
