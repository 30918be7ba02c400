"use client";

import { triggerNodeOf } from "@interflow/flow";
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { INPUT, PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/button-styles";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { useDesigner, useDesignerStore } from "../designer-context";
import type { TestStepStatus } from "../store";
import { KeepAsCase } from "./keep-as-case";
import { TestCases } from "./test-cases";

export const STATUS_TEXT: Record<TestStepStatus, string> = {
  ok: "ran",
  failed: "failed",
  filtered: "filtered",
  canned: "answered by the case",
  skipped: "skipped",
};
export const STATUS_TONE: Record<TestStepStatus, string> = {
  ok: "bg-emerald-50 text-emerald-800",
  failed: "bg-red-50 text-red-800",
  filtered: "bg-amber-50 text-amber-900",
  canned: "bg-sky-50 text-sky-800",
  skipped: "bg-slate-100 text-slate-600",
};

const pretty = (value: unknown) => JSON.stringify(value, null, 2) ?? "nothing";

/** The Test flow panel (where a step's panel goes): one message through the draft, each step's input and output; and the flow's test cases. */
export function TestPanel({ flowId }: { flowId: string }) {
  const open = useDesigner((s) => s.testPanelOpen);
  return open ? <LoadedTestPanel flowId={flowId} /> : null;
}

function LoadedTestPanel({ flowId }: { flowId: string }) {
  const trpc = useTRPC();
  const store = useDesignerStore();
  const { showTestPanel, setTestStatus, nodes, triggerSample, firstCaseInput } = useDesigner((s) => {
    const trigger = triggerNodeOf(s.document);
    return {
      showTestPanel: s.showTestPanel,
      setTestStatus: s.setTestStatus,
      nodes: s.document.nodes,
      triggerSample: trigger ? s.samples[trigger.id]?.body : undefined,
      firstCaseInput: s.document.tests?.[0]?.input,
    };
  });
  const [body, setBody] = useState(() => pretty(triggerSample ?? firstCaseInput ?? {}));
  const [withEffects, setWithEffects] = useState(false);
  const [bodyError, setBodyError] = useState<string | null>(null);
  const bodyId = useId();
  const run = useMutation(trpc.flows.testRun.mutationOptions());
  const result = run.data;
  const ranOn = run.variables?.input;

  const start = () => {
    let input: unknown;
    try {
      input = JSON.parse(body);
    } catch (error) {
      setBodyError(`not JSON: ${(error as Error).message}`);
      return;
    }
    setBodyError(null);
    run.mutate(
      { id: flowId, document: store.getState().document, input, withEffects },
      {
        onSuccess: (answer) => setTestStatus(Object.fromEntries(Object.entries(answer.steps).flatMap(([id, runs]) => (runs[0] ? [[id, runs[0].status]] : [])))),
      },
    );
  };
  const reached = result ? Object.entries(result.steps) : [];
  const notReached = result ? nodes.filter((n) => !(n.id in result.steps)).map((n) => n.id) : [];

  return (
    <aside aria-label="Test flow" className="flex w-[28rem] shrink-0 flex-col border-l border-slate-200 bg-white" data-testid="test-panel">
      <header className="border-b border-slate-200 px-4 py-3">
        <div className="flex items-start gap-3">
          <h2 className="flex-1 text-sm font-semibold text-slate-900">Test flow</h2>
          <button type="button" className="rounded-md px-2 py-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900" aria-label="Close the panel" onClick={() => showTestPanel(false)}>
            ✕
          </button>
        </div>
        <p className="mt-1 text-xs text-slate-600">
          Sends one message through every step of the draft, in order, as the running flow would: conditions, mappings and splits included, each action run once in the worker.
          Nothing is published or started.
        </p>
      </header>
      <div className="min-h-0 flex-1 space-y-4 overflow-y-auto px-4 py-4">
        <div>
          <label htmlFor={bodyId} className="text-sm font-medium text-slate-900">
            The message the trigger gets
          </label>
          <textarea
            id={bodyId}
            rows={6}
            spellCheck={false}
            className={`${INPUT} mt-1 font-mono text-xs${bodyError ? " !border-red-400" : ""}`}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            aria-invalid={bodyError !== null || undefined}
            data-testid="test-input"
          />
          {bodyError && (
            <p role="alert" className="mt-1 text-xs font-medium text-red-700" data-testid="test-input-error">
              {bodyError}
            </p>
          )}
          <p className="mt-1 text-xs text-slate-500">
            {triggerSample !== undefined ? "The trigger's sample; change it as you like." : firstCaseInput !== undefined ? "The first test case's input; change it as you like." : "The trigger has no sample yet: type a body."}
          </p>
        </div>
        <label className="flex items-start gap-2 text-sm text-slate-800">
          <input type="checkbox" className="mt-1" checked={withEffects} onChange={(e) => setWithEffects(e.target.checked)} data-testid="test-with-effects" />
          <span>
            Also run the steps that call applications (HTTP requests, databases …).
            <span className="block text-xs text-slate-500">They call them for real. Unticked, they are skipped and the message goes no further there.</span>
          </span>
        </label>
        <button type="button" className={PRIMARY_BUTTON} disabled={run.isPending} onClick={start} data-testid="test-run">
          {run.isPending ? "Running…" : "Run the flow once"}
        </button>
        {run.error && (
          <p role="alert" className="rounded-lg bg-red-50 p-3 text-xs text-red-800" data-testid="test-run-error">
            {errorMessageOf(run.error)}
          </p>
        )}
        {result && (
          <section aria-label="What each step did" data-testid="test-result">
            {result.skipped.length > 0 && (
              <p className="mb-2 rounded-lg bg-slate-50 p-2 text-xs text-slate-700" data-testid="test-skipped">
                Skipped, as they call applications: {result.skipped.join(", ")}. Tick the box above to run them too.
              </p>
            )}
            <ol className="space-y-2">
              {reached.map(([stepId, runs]) => (
                <li key={stepId} className="rounded-lg border border-slate-200 p-2.5" data-testid="test-step" data-step-id={stepId}>
                  <div className="flex items-center gap-2">
                    <span className="font-mono text-xs font-semibold text-slate-900">{stepId}</span>
                    <span className={`rounded px-1.5 py-0.5 text-[11px] font-medium ${STATUS_TONE[runs[0]?.status ?? "ok"]}`} data-testid="test-step-status">
                      {STATUS_TEXT[runs[0]?.status ?? "ok"]}
                    </span>
                    {runs.length > 1 && <span className="text-xs text-slate-500">{runs.length} times</span>}
                  </div>
                  {runs[0]?.error && <p className="mt-1 text-xs text-red-800">{runs[0].error}</p>}
                  <details className="mt-1 text-xs">
                    <summary className="cursor-pointer text-slate-600">Input and output</summary>
                    <p className="mt-1 font-medium text-slate-700">Input</p>
                    <pre className="max-h-40 overflow-auto rounded bg-slate-50 p-2 text-slate-800">{pretty(runs[0]?.input)}</pre>
                    <p className="mt-1 font-medium text-slate-700">Output{(runs[0]?.outputs.length ?? 0) === 1 ? "" : `s (${runs[0]?.outputs.length ?? 0})`}</p>
                    <pre className="max-h-40 overflow-auto rounded bg-slate-50 p-2 text-slate-800" data-testid="test-step-output">
                      {pretty((runs[0]?.outputs.length ?? 0) === 1 ? runs[0]?.outputs[0] : runs[0]?.outputs)}
                    </pre>
                  </details>
                </li>
              ))}
            </ol>
            {notReached.length > 0 && (
              <p className="mt-2 text-xs text-slate-600" data-testid="test-not-reached">
                Not reached: {notReached.join(", ")}
              </p>
            )}
            {result.routingErrors.map((e) => (
              <p key={e} role="alert" className="mt-2 text-xs text-red-800">
                A condition failed at {e}
              </p>
            ))}
            {result.truncated && <p className="mt-2 text-xs text-amber-900">The run stopped after 100 step runs.</p>}
            <button type="button" className={`${SECONDARY_BUTTON} mt-3`} onClick={() => setTestStatus({})}>
              Clear the results from the canvas
            </button>
            <KeepAsCase input={ranOn} steps={result.steps} />
          </section>
        )}
        <TestCases flowId={flowId} />
      </div>
    </aside>
  );
}
