"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { SECONDARY_BUTTON } from "@/components/button-styles";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

/** what the last import said: the imported flow, or why it was refused */
export interface ImportResult {
  ok: boolean;
  text: string;
  /** the imported flow */
  flowId?: string;
}

/**
 * Imports a flow from a JSON file chosen on this computer (as `interflow flow import <file>`). What
 * it came to goes to `onResult` (null when a new import begins): the page shows it under its header,
 * where a long refusal does not push the header's title and buttons about.
 */
export function ImportFlowButton({ onResult: setResult }: { onResult: (result: ImportResult | null) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const importFlow = useMutation(
    trpc.flows.import.mutationOptions({
      onSuccess: (flow) => setResult({ ok: true, text: `Imported ${flow.name} (v${flow.version}), stopped.`, flowId: flow.id }),
      onError: (error) => setResult({ ok: false, text: errorMessageOf(error) }),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.flows.list.queryKey() }),
    }),
  );

  async function readFile(file: File) {
    setResult(null);
    let document: unknown;
    try {
      document = JSON.parse(await file.text());
    } catch {
      return setResult({ ok: false, text: `${file.name} is not a JSON file: choose a flow document, as \`interflow flow export\` writes it.` });
    }
    importFlow.mutate({ document });
  }

  return (
    <div>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        aria-label="Flow document (JSON) to import"
        data-testid="import-flow-file"
        className="sr-only"
        tabIndex={-1}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = ""; // choosing the same file again imports it again
          if (file) void readFile(file);
        }}
      />
      <button type="button" onClick={() => input.current?.click()} disabled={importFlow.isPending} className={`${SECONDARY_BUTTON} py-2`} data-testid="import-flow">
        <svg viewBox="0 0 16 16" aria-hidden="true" className="size-4 fill-none stroke-current stroke-[1.75]">
          <path d="M8 2.5v8m0 0-3-3m3 3 3-3M3 11.5v1a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1v-1" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        {importFlow.isPending ? "Importing…" : "Import flow"}
      </button>
    </div>
  );
}

/** The last import's outcome, under the page's header. */
export function ImportResultLine({ result }: { result: ImportResult }) {
  return (
    <p
      role={result.ok ? "status" : "alert"}
      data-testid="import-result"
      data-flow-id={result.flowId}
      className={`mb-4 rounded-lg border px-3 py-2 text-sm ${result.ok ? "border-emerald-200 bg-emerald-50 text-emerald-800" : "border-red-200 bg-red-50 text-red-800"}`}
    >
      {result.text}
    </p>
  );
}
