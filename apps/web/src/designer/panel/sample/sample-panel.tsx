"use client";

import type { FlowNode, StepSample } from "@interflow/flow";
import { SECONDARY_BUTTON } from "@/components/button-styles";
import { DateTime } from "@/components/date-time";
import type { FunctionView } from "../../catalog";
import type { DesignerTarget } from "../../designer";
import { useDesigner } from "../../designer-context";
import { RunStepOnce } from "./run-step-once";
import { TypedSample } from "./typed-sample";
import { WebhookListener } from "./webhook-listener";

const SOURCE_LABELS: Record<StepSample["source"], string> = {
  webhook: "received by the test URL",
  run: "from one run of this step",
  typed: "typed",
  skipped: "skipped (the next steps map without one)",
};

/**
 * The step's sample: what it emits, for mapping the steps after it. Get it by running the step
 * once (a webhook waits for one request to its test URL; an action runs on the previous step's
 * sample), by typing it, or skip it. Kept with the draft.
 */
export function SamplePanel({ target, node, fn, canChange }: { target: DesignerTarget; node: FlowNode; fn: FunctionView; canChange: boolean }) {
  const { sample, setSample } = useDesigner((s) => ({ sample: s.samples[node.id], setSample: s.setSample }));
  const flowId = target.kind === "existing" ? target.flowId : undefined;
  return (
    <div className="space-y-5" data-testid="sample-panel">
      <section aria-label="Current sample">
        <h3 className="text-sm font-semibold text-slate-900">Sample</h3>
        {sample ? (
          <>
            <p className="mt-0.5 text-xs text-slate-500" data-testid="sample-source">
              {SOURCE_LABELS[sample.source]}, <DateTime value={sample.takenAt} />
            </p>
            {sample.source !== "skipped" && (
              <pre className="mt-2 max-h-72 overflow-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100" data-testid="sample-body">
                {JSON.stringify(sample.body, null, 2)}
              </pre>
            )}
            {canChange && (
              <button type="button" className={`${SECONDARY_BUTTON} mt-2`} onClick={() => setSample(node.id, undefined)}>
                Clear sample
              </button>
            )}
          </>
        ) : (
          <p className="mt-1 text-sm text-slate-600">No sample yet. The steps after this one map their fields against it.</p>
        )}
      </section>
      {canChange && flowId && (
        <>
          {fn.kind === "trigger" ? (
            <WebhookListener flowId={flowId} node={node} onSample={(s) => setSample(node.id, s)} />
          ) : (
            <RunStepOnce flowId={flowId} node={node} onSample={(s) => setSample(node.id, s)} />
          )}
          <TypedSample initial={sample?.source === "skipped" ? undefined : sample?.body} onSave={(body) => setSample(node.id, { body, headers: {}, source: "typed", takenAt: new Date().toISOString() })} />
          <div>
            <button type="button" className={SECONDARY_BUTTON} onClick={() => setSample(node.id, { body: {}, headers: {}, source: "skipped", takenAt: new Date().toISOString() })} data-testid="skip-sample">
              Skip the sample
            </button>
            <p className="mt-1 text-xs text-slate-500">Map the next steps by typing their expressions, without a preview.</p>
          </div>
        </>
      )}
    </div>
  );
}
