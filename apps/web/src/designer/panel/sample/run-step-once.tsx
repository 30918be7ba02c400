"use client";

import type { FlowNode, StepSample } from "@interflow/flow";
import { useMutation } from "@tanstack/react-query";
import { PRIMARY_BUTTON } from "@/components/button-styles";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { useDesignerStore } from "../../designer-context";

/**
 * "Retrieve sample" of an action: runs it once, in the worker, on the previous step's sample
 * through its mapping; what it emits becomes its sample. A failure says why (and what it ran on).
 */
export function RunStepOnce({ flowId, node, onSample }: { flowId: string; node: FlowNode; onSample: (sample: StepSample) => void }) {
  const trpc = useTRPC();
  const store = useDesignerStore();
  const run = useMutation(trpc.samples.runStep.mutationOptions());
  const result = run.data;
  return (
    <section aria-label="Run this step once" className="space-y-2" data-testid="run-step-once">
      <button
        type="button"
        className={PRIMARY_BUTTON}
        disabled={run.isPending}
        onClick={() => {
          const { document, samples } = store.getState();
          run.mutate(
            { id: flowId, document, stepId: node.id, samples },
            {
              onSuccess: (answer) => {
                // a message the step filtered out leaves its sample as it was
                if (answer.ok && !answer.filtered) onSample({ ...answer.sample, body: answer.sample.body });
              },
            },
          );
        }}
        data-testid="run-step"
      >
        {run.isPending ? "Running…" : "Retrieve sample: run this step once"}
      </button>
      <p className="text-xs text-slate-500">Runs the step for real on the previous step's sample, through its mapping: an action that calls an application calls it.</p>
      {run.error && (
        <p role="alert" className="text-xs font-medium text-red-700" data-testid="run-step-error">
          {errorMessageOf(run.error)}
        </p>
      )}
      {result?.ok && result.filtered && (
        <p role="status" className="rounded-lg bg-amber-50 p-3 text-xs text-amber-900" data-testid="run-step-filtered">
          Filtered: the step did not keep this message, so it would go no further. Its sample is unchanged.
        </p>
      )}
      {result && !result.ok && (
        <div role="alert" className="rounded-lg bg-red-50 p-3 text-xs text-red-800" data-testid="run-step-error">
          <p className="font-medium">The step failed: {result.error.message}</p>
          <p className="mt-1">It ran on:</p>
          <pre className="mt-1 max-h-32 overflow-auto rounded bg-white p-2 text-slate-800">{JSON.stringify(result.input, null, 2)}</pre>
        </div>
      )}
    </section>
  );
}
