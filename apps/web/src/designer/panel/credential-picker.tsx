"use client";

import type { FlowNode } from "@interflow/flow";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { INPUT, SECONDARY_BUTTON } from "@/components/button-styles";
import { ConnectProgress } from "@/credentials/connect-progress";
import { CredentialStatus } from "@/credentials/credential-status";
import { CredentialWizard } from "@/credentials/credential-wizard";
import { useOAuth2Connect } from "@/credentials/use-oauth2-connect";
import { useTRPC } from "@/trpc/react";
import type { ComponentView } from "../catalog";
import { useDesigner } from "../designer-context";
import { HelpLink } from "../help-link";

/**
 * Which of the workspace's credentials of its component the step signs in with; "New credential…"
 * opens the wizard for this component and picks what it saves.
 */
export function CredentialPicker({ node, component, canChange }: { node: FlowNode; component: ComponentView; canChange: boolean }) {
  const trpc = useTRPC();
  const apply = useDesigner((s) => s.apply);
  const credentials = useQuery(trpc.credentials.list.queryOptions({ component: component.name }));
  const [creating, setCreating] = useState(false);
  const selectId = useId();
  const chosen = credentials.data?.credentials.find((c) => c.id === node.credentialId);
  const help = component.credentials[0]?.help ?? null;
  // a webhook's credential is what its senders must prove: the gateway refuses the others (401)
  const senders = component.name === "webhook";
  const set = (credentialId: string | undefined) => apply({ type: "set-credential", id: node.id, credentialId });
  // an OAuth2 account not (or no longer) connected: connect it here, in a popup
  const connecting = useOAuth2Connect();
  const canConnect = canChange && chosen?.authKind === "oauth2-authorization-code" && (!chosen.oauth?.connected || chosen.needsReconnection);
  return (
    <div className="rounded-lg border border-slate-200 bg-slate-50 p-3" data-testid="credential-picker">
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={selectId} className="text-sm font-medium text-slate-800">
          {senders ? "Sender authentication" : "Credential"}
        </label>
        {help && <HelpLink help={help} label="Help" />}
      </div>
      <div className="mt-1.5 flex gap-2">
        <select
          id={selectId}
          className={INPUT}
          disabled={!canChange || credentials.isPending}
          value={node.credentialId ?? ""}
          onChange={(e) => set(e.target.value === "" ? undefined : e.target.value)}
          aria-busy={credentials.isPending || undefined}
        >
          <option value="">{credentials.isPending ? "Loading…" : senders ? "None (anyone with the URL)" : "None"}</option>
          {node.credentialId && !chosen && credentials.data && <option value={node.credentialId}>Not in this workspace ({node.credentialId.slice(0, 8)})</option>}
          {credentials.data?.credentials.map((credential) => (
            <option key={credential.id} value={credential.id}>
              {credential.name}
              {component.credentials.length > 1 ? ` (${component.credentials.find((k) => k.authKind === credential.authKind)?.title ?? credential.authKind})` : ""}
            </option>
          ))}
        </select>
        {canChange && (
          <button type="button" className={SECONDARY_BUTTON} onClick={() => setCreating(true)} data-testid="new-credential-inline">
            New…
          </button>
        )}
      </div>
      {chosen && (
        <div className="mt-2 flex items-start justify-between gap-2">
          <CredentialStatus credential={chosen} />
          {canConnect && (
            <button type="button" className={SECONDARY_BUTTON} disabled={connecting.starting || connecting.waiting !== null} onClick={() => void connecting.start(chosen.id)} data-testid="credential-connect">
              {chosen.needsReconnection ? "Reconnect" : "Connect"}
            </button>
          )}
        </div>
      )}
      {chosen?.authKind === "oauth2-authorization-code" && (
        <div className="mt-2">
          <ConnectProgress connecting={connecting} application={component.title} />
        </div>
      )}
      {credentials.isError && <p className="mt-1 text-xs text-red-700">The credentials could not be loaded: {credentials.error.message}</p>}
      <CredentialWizard open={creating} component={component.name} onClose={() => setCreating(false)} onSaved={(credential) => set(credential.id)} />
    </div>
  );
}
