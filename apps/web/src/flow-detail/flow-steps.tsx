import type { DashboardFlow } from "@interflow/api";
import { CredentialProblem } from "@/dashboard/credential-problem";
import { RunnerRestarts } from "@/dashboard/runner-restarts";
import { formatCount } from "@/flows/numbers";
import { QueueBar } from "@/flows/queue-bar";
import { CELL, HEADER_CELL } from "./detail-section";
import { StepReplicas } from "./step-replicas";

const COUNTERS = ["in", "out", "filtered", "errors", "retries"] as const;
const GROUP = "border-l border-slate-200 px-3 pt-2.5 text-xs font-semibold uppercase tracking-wide text-slate-500";
const GROUP_HEADER = `${GROUP} text-center`;
const QUEUED_HEADER = `${GROUP} text-left`;
const SUB_HEADER = "px-3 pb-2.5 pt-1 text-[11px] font-medium uppercase tracking-wide text-slate-400";
const COUNTER_HEADER = `${SUB_HEADER} text-right`;

/** The flow's steps in order: what waits in each queue against the limits, what each did in the last minute and hour, and a failed credential. */
export function FlowSteps({ flow, canChange = false }: { flow: DashboardFlow; canChange?: boolean }) {
  const count = (value: number, counter: (typeof COUNTERS)[number]) => (
    <span className={value === 0 ? "text-slate-400" : counter === "errors" ? "font-medium text-red-700" : "text-slate-900"}>{formatCount(value)}</span>
  );
  return (
    <table className="min-w-full" data-testid="flow-steps">
      <caption className="sr-only">Steps of {flow.name}: queues and messages</caption>
      <thead className="bg-slate-50/80">
        <tr>
          <th scope="col" rowSpan={2} className={`${HEADER_CELL} align-bottom`}>
            Step
          </th>
          <th scope="colgroup" colSpan={2} className={QUEUED_HEADER}>
            Queued
          </th>
          <th scope="colgroup" colSpan={COUNTERS.length} className={GROUP_HEADER}>
            Last minute
          </th>
          <th scope="colgroup" colSpan={COUNTERS.length} className={GROUP_HEADER}>
            Last hour
          </th>
        </tr>
        <tr className="border-b border-slate-200">
          <th scope="col" className={`${SUB_HEADER} border-l border-slate-200 text-left`}>
            Messages
          </th>
          <th scope="col" className={`${SUB_HEADER} text-left`}>
            Bytes
          </th>
          {["minute", "hour"].map((window) =>
            COUNTERS.map((counter, i) => (
              <th key={`${window}-${counter}`} scope="col" className={`${COUNTER_HEADER} ${i === 0 ? "border-l border-slate-200" : ""}`}>
                {counter}
              </th>
            )),
          )}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {flow.steps.map((step) => (
          <tr key={step.id} data-testid="step-row" data-step-id={step.id}>
            <th scope="row" className={`${CELL} text-left font-normal`}>
              <span className="font-mono text-sm text-slate-900">{step.id}</span>
              <span className="mt-0.5 block text-xs text-slate-500">{step.component}</span>
              <StepReplicas flow={flow} step={step} canChange={canChange} />
              {step.credentialProblem && (
                <div className="mt-1.5 max-w-64">
                  <CredentialProblem stepId={step.id} problem={step.credentialProblem} />
                </div>
              )}
              {step.restarts && (
                <div className="mt-1.5 max-w-64">
                  <RunnerRestarts stepId={step.id} restarts={step.restarts} />
                </div>
              )}
            </th>
            <td className={`${CELL} w-36 border-l border-slate-100`}>
              <QueueBar value={step.queued.messages} limit={flow.limits.messages} unit="messages" label={`${step.id}: messages queued`} />
              {step.queued.waiting > 0 && (
                <p className="mt-1 text-xs text-sky-800" data-testid="step-waiting" title="Messages a delay step holds until their time; the step takes each when it is due">
                  {formatCount(step.queued.waiting)} waiting
                </p>
              )}
              {step.queued.collected > 0 && (
                <p className="mt-1 text-xs text-sky-800" data-testid="step-collected" title="Messages in the step's open batches; each batch goes on when it is full or its time is over">
                  {formatCount(step.queued.collected)} in open batches
                </p>
              )}
            </td>
            <td className={`${CELL} w-36`}>
              <QueueBar value={step.queued.bytes} limit={flow.limits.bytes} unit="bytes" label={`${step.id}: bytes queued`} />
            </td>
            {(["lastMinute", "lastHour"] as const).map((window) =>
              COUNTERS.map((counter, i) => (
                <td
                  key={`${window}-${counter}`}
                  data-testid={`${window}-${counter}`}
                  className={`${CELL} text-right tabular-nums ${i === 0 ? "border-l border-slate-100" : ""}`}
                >
                  {count(step[window][counter], counter)}
                </td>
              )),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
