"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { SECONDARY_BUTTON } from "@/components/button-styles";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

/** what the last import said: the imported flow, or why it was refused */
interface ImportResult {
  ok: boolean;
  text: string;
  /** the imported flow */
  flowId?: string;
}

/** Imports a flow from a JSON file chosen on this computer (as `interflow flow import <file>`). */
export function ImportFlowButton() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
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
    <div className="flex flex-col items-end gap-2">
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
      {result && (
        <p
          role={result.ok ? "status" : "alert"}
          data-testid="import-result"
          data-flow-id={result.flowId}
          className={`max-w-md text-right text-sm ${result.ok ? "text-emerald-700" : "text-red-700"}`}
        >
          {result.text}
        </p>
      )}
    </div>
  );
}
