"use client";

import type { FlowTest, StepExpectation } from "@interflow/flow";
import { useId, useState } from "react";
import { INPUT, SECONDARY_BUTTON } from "@/components/button-styles";
import { functionOf } from "../catalog";
import { useDesigner } from "../designer-context";

interface Run {
  status: "ok" | "failed" | "filtered" | "canned" | "skipped";
  input?: unknown;
  outputs: unknown[];
}

/**
 * A test case from a test run: its input, what each step did as the expectation (how often it ran,
 * its first output; a step the message never reached: not to run), and for the steps that call
 * applications and ran, their output as the case's canned response (the case will not call them again).
 */
export function testCaseOf(p: { name: string; input: unknown; steps: Record<string, Run[]>; stepIds: string[]; triggerId: string; pure: (stepId: string) => boolean }): FlowTest {
  const expect: Record<string, StepExpectation> = {};
  const responses: Record<string, unknown> = {};
  for (const id of p.stepIds) {
    if (id === p.triggerId) continue;
    const runs = p.steps[id] ?? [];
    const first = runs[0];
    if (!first) {
      expect[id] = { runs: 0 };
      continue;
    }
    if (first.status === "failed") expect[id] = { runs: runs.length, assert: "status = 'failed'" };
    else if (first.status === "skipped") expect[id] = { runs: runs.length };
    else if (!p.pure(id) && first.outputs.length > 0) {
      responses[id] = first.outputs[0];
      expect[id] = { runs: runs.length, input: first.input };
    } else expect[id] = first.outputs.length > 0 ? { runs: runs.length, output: first.outputs[0] } : { runs: runs.length };
  }
  return { name: p.name, input: p.input ?? null, ...(Object.keys(responses).length > 0 ? { responses } : {}), expect };
}

/** "Keep as a test case": the last test run, named, added to the flow's test cases (saved with the draft). */
export function KeepAsCase({ input, steps }: { input: unknown; steps: Record<string, Run[]> }) {
  const { document, catalog, apply, refusal } = useDesigner((s) => ({ document: s.document, catalog: s.catalog, apply: s.apply, refusal: s.refusal }));
  const [name, setName] = useState(`case ${(document.tests?.length ?? 0) + 1}`);
  const [kept, setKept] = useState<string | null>(null);
  const nameId = useId();
  const triggerId = document.nodes.find((n) => !document.edges.some((e) => e.target === n.id))?.id ?? "";
  const pure = (stepId: string) => {
    const node = document.nodes.find((n) => n.id === stepId);
    return node ? ((functionOf(catalog, node.component, node.function)?.fn as { pure?: boolean } | undefined)?.pure ?? false) : false;
  };
  const keep = () => {
    const test = testCaseOf({ name: name.trim(), input, steps, stepIds: document.nodes.map((n) => n.id), triggerId, pure });
    if (apply({ type: "add-test", test })) setKept(test.name);
  };
  return (
    <div className="mt-3 rounded-lg border border-slate-200 p-2.5" data-testid="keep-as-case">
      <label htmlFor={nameId} className="text-xs font-medium text-slate-900">
        Keep this run as a test case
      </label>
      <div className="mt-1 flex gap-2">
        <input id={nameId} className={`${INPUT} py-1 text-xs`} value={name} onChange={(e) => setName(e.target.value)} data-testid="keep-case-name" />
        <button type="button" className={SECONDARY_BUTTON} disabled={name.trim() === ""} onClick={keep} data-testid="keep-case">
          Keep
        </button>
      </div>
      <p className="mt-1 text-xs text-slate-500">
        Its input, and what each step did as what is expected; steps that call applications answer with what they answered now, so the case does not call them again.
      </p>
      {kept && !refusal && (
        <p role="status" className="mt-1 text-xs text-emerald-800" data-testid="kept-case">
          Kept as “{kept}”, with the draft.
        </p>
      )}
      {refusal && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {refusal}
        </p>
      )}
    </div>
  );
}
