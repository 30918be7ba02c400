"use client";

import { useQuery } from "@tanstack/react-query";
import { INPUT, SECONDARY_BUTTON } from "@/components/button-styles";
import { useTRPC } from "@/trpc/react";
import { useDesigner } from "../designer-context";
import type { FieldView } from "../fields";

/**
 * A select whose options come from a function of the component (a list fetched from the target
 * application, in the worker), loaded when shown and again on demand.
 */
export function DynamicSelect({
  field,
  common,
  value,
  invalid,
  stepId,
  onChange,
}: {
  field: Extract<FieldView, { type: "dynamic-select" }>;
  common: Record<string, unknown>;
  value: string;
  invalid: boolean;
  stepId: string;
  onChange: (value: unknown) => void;
}) {
  const trpc = useTRPC();
  const node = useDesigner((s) => s.document.nodes.find((n) => n.id === stepId));
  const options = useQuery(
    trpc.components.fieldOptions.queryOptions(
      { component: node?.component ?? "", function: node?.function ?? "", field: field.key, config: node?.config ?? {}, credentialId: node?.credentialId },
      { enabled: node !== undefined, staleTime: 60_000, retry: false },
    ),
  );
  const answer = options.data;
  return (
    <div>
      <div className="flex gap-2">
        <select {...common} className={INPUT + (invalid ? " !border-red-400" : "")} value={value} onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)} aria-busy={options.isFetching || undefined}>
          <option value="">{options.isFetching ? "Loading…" : "—"}</option>
          {value && !(answer?.ok && answer.options.some((o) => o.value === value)) && <option value={value}>{value}</option>}
          {answer?.ok && answer.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
        <button type="button" className={SECONDARY_BUTTON} onClick={() => void options.refetch()} disabled={options.isFetching}>
          Reload
        </button>
      </div>
      {answer && !answer.ok && <p className="mt-1 text-xs font-medium text-red-700">The list could not be loaded: {answer.error.message}</p>}
      {options.error && <p className="mt-1 text-xs font-medium text-red-700">The list could not be loaded: {options.error.message}</p>}
    </div>
  );
}
