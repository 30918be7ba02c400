"use client";

import { SECONDARY_BUTTON } from "@/components/button-styles";
import { errorMessageOf } from "@/trpc/errors";
import type { FlowSummary } from "./flow";
import { useExportFlow } from "./use-export-flow";

/** Export as a button of its own (a viewer's one action on a flow): downloads `<name>.json`. */
export function ExportFlowButton({ flow }: { flow: Pick<FlowSummary, "id" | "name"> }) {
  const exportFlow = useExportFlow();
  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        onClick={() => exportFlow.mutate(flow)}
        disabled={exportFlow.isPending}
        aria-label={`Export ${flow.name}`}
        title="Downloads its current version as a JSON file"
        data-testid="flow-export"
        className={SECONDARY_BUTTON}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" className="size-4 fill-none stroke-current stroke-[1.75]">
          <path d="M8 2.5v8m0 0-3-3m3 3 3-3M3 11.5v1a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1v-1" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        {exportFlow.isPending ? "Exporting…" : "Export"}
      </button>
      {exportFlow.isError && (
        <p role="alert" className="max-w-56 text-right text-xs text-red-700">
          {errorMessageOf(exportFlow.error)}
        </p>
      )}
    </div>
  );
}
