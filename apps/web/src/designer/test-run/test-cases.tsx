"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { SECONDARY_BUTTON } from "@/components/button-styles";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { useDesigner, useDesignerStore } from "../designer-context";

/** one empty list (a new one on every read would make the panel render for ever) */
const NO_TESTS: [] = [];

interface LastResult {
  at: string;
  passed: number;
  failed: number;
  cases: Array<{ name: string; passed: boolean; failures: Array<{ message: string }> }>;
}

/**
 * The flow's test cases (its document's `tests`) and their last result: run here on the draft as
 * `interflow flow test` runs them (actions in the worker, canned responses where the case gives them).
 */
export function TestCases({ flowId }: { flowId: string }) {
  const trpc = useTRPC();
  const store = useDesignerStore();
  const { tests, apply } = useDesigner((s) => ({ tests: s.document.tests ?? NO_TESTS, apply: s.apply }));
  const run = useMutation(trpc.flows.test.mutationOptions());
  // the last result stays with the flow in this browser (a reload, another session of the designer)
  const storageKey = `interflow:test-cases:${flowId}`;
  const [last, setLast] = useState<LastResult | undefined>();
  useEffect(() => {
    try {
      const raw = window.localStorage.getItem(storageKey);
      if (raw) setLast(JSON.parse(raw) as LastResult);
    } catch {
      // nothing kept, or not readable: no last result to show
    }
  }, [storageKey]);
  const shown: LastResult | undefined = run.data ? { at: new Date().toISOString(), ...run.data } : last;
  const results = new Map((shown?.cases ?? []).map((c) => [c.name, c]));
  return (
    <section aria-label="Test cases" className="border-t border-slate-200 pt-4" data-testid="test-cases">
      <h3 className="text-sm font-medium text-slate-900">Test cases</h3>
      {tests.length === 0 ? (
        <p className="mt-1 text-xs text-slate-600">
          This flow has none. A test case (in the document's <span className="font-mono">tests</span>) gives the trigger's message, canned answers for steps that call
          applications and what each step should do; run them here or in CI with <span className="font-mono">interflow flow test</span>.{" "}
          <a href="/docs/flow-tests" target="_blank" rel="noreferrer" className="font-medium text-indigo-700 hover:underline">
            How to write them
          </a>
        </p>
      ) : (
        <>
          <ul className="mt-2 space-y-1.5">
            {tests.map((test) => {
              const result = results.get(test.name);
              return (
                <li key={test.name} className="text-xs" data-testid="test-case" data-passed={result ? String(result.passed) : undefined}>
                  <span className={`mr-1.5 rounded px-1.5 py-0.5 font-medium ${!result ? "bg-slate-100 text-slate-600" : result.passed ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`}>
                    {!result ? "not run" : result.passed ? "passed" : "failed"}
                  </span>
                  <span className="text-slate-900">{test.name}</span>
                  <button
                    type="button"
                    className="ml-2 rounded px-1 text-slate-400 hover:bg-red-50 hover:text-red-700"
                    aria-label={`Remove the test case ${test.name}`}
                    onClick={() => apply({ type: "remove-test", name: test.name })}
                  >
                    ✕
                  </button>
                  {result && result.failures.length > 0 && (
                    <ul className="mt-1 ml-4 list-disc space-y-0.5 text-red-800" data-testid="test-case-failures">
                      {result.failures.map((f) => (
                        <li key={f.message}>{f.message}</li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ul>
          <button
            type="button"
            className={`${SECONDARY_BUTTON} mt-3`}
            disabled={run.isPending}
            onClick={() =>
              run.mutate(
                { id: flowId, document: store.getState().document },
                {
                  onSuccess: (data) => {
                    const kept: LastResult = { at: new Date().toISOString(), passed: data.passed, failed: data.failed, cases: data.cases.map(({ name, passed, failures }) => ({ name, passed, failures })) };
                    setLast(kept);
                    try {
                      window.localStorage.setItem(storageKey, JSON.stringify(kept));
                    } catch {
                      // storage full or refused: the result shows until the page goes
                    }
                  },
                },
              )
            }
            data-testid="run-test-cases"
          >
            {run.isPending ? "Running…" : `Run the ${tests.length} test case${tests.length === 1 ? "" : "s"}`}
          </button>
          {shown && (
            <p className="mt-2 text-xs text-slate-700" data-testid="test-cases-summary">
              {shown.passed} passed, {shown.failed} failed
              {!run.data && <span className="text-slate-500"> (last run, {new Date(shown.at).toLocaleString()})</span>}
            </p>
          )}
        </>
      )}
      {run.error && (
        <p role="alert" className="mt-2 rounded-lg bg-red-50 p-2 text-xs text-red-800">
          {errorMessageOf(run.error)}
        </p>
      )}
    </section>
  );
}
