"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { INPUT } from "@/components/button-styles";
import { useTRPC } from "@/trpc/react";
import { FieldShell } from "../panel/field-shell";

const HELP = "Each failed message of this flow is sent to that flow as a webhook message with the flow, step, error, a link to the execution and the body.";

/**
 * The flow told of this one's failed messages (`settings.errorFlowId`): one of the workspace's
 * other flows, started by a webhook (those that are not are listed, greyed, saying why). The flow
 * itself is not offered; a flow the setting names that is not in the list (deleted, or the flow
 * itself in a draft saved elsewhere) stays shown, and the server's issue says what is wrong.
 */
export function ErrorFlowSetting({ flowId, value, issue, disabled, onChange }: { flowId: string; value: string | undefined; issue: string | undefined; disabled: boolean; onChange: (errorFlowId: string | undefined) => void }) {
  const trpc = useTRPC();
  const flows = useQuery(trpc.flows.list.queryOptions(undefined, { staleTime: 30_000 }));
  const others = (flows.data?.flows ?? []).filter((flow) => flow.id !== flowId).sort((a, b) => a.name.localeCompare(b.name));
  const listed = value === undefined || others.some((flow) => flow.id === value);
  return (
    <FieldShell field={{ key: "errorFlowId", label: "Error flow", required: false, help: { description: HELP, url: null } }} error={issue}>
      {(ids) => (
        <div className="flex items-center gap-2">
          <select
            id={ids.input}
            className={`${INPUT}${issue ? " !border-red-400" : ""}`}
            value={value ?? ""}
            disabled={disabled}
            aria-describedby={issue ? `${ids.description} ${ids.error}` : ids.description}
            aria-invalid={issue ? true : undefined}
            onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
          >
            <option value="">None</option>
            {others.map((flow) => (
              <option key={flow.id} value={flow.id} disabled={flow.webhookUrl === null}>
                {flow.webhookUrl === null ? `${flow.name} — does not start with a webhook` : flow.name}
              </option>
            ))}
            {!listed && <option value={value}>{value === flowId ? "This flow itself" : flows.isPending ? "Loading the flows…" : `Flow ${value} (not found)`}</option>}
          </select>
          {value !== undefined && value !== flowId && listed && (
            <Link href={`/flows/${value}`} target="_blank" className="shrink-0 text-xs font-medium text-indigo-700 hover:underline" data-testid="open-error-flow">
              Open ↗
            </Link>
          )}
        </div>
      )}
    </FieldShell>
  );
}
