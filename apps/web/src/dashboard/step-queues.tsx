import type { DashboardFlow } from "@interflow/api";
import { QueueBar } from "@/flows/queue-bar";
import { CredentialProblem } from "./credential-problem";
import { PollSummary } from "./poll-summary";
import { RunnerRestarts } from "./runner-restarts";

/** Each step's queue of a flow: messages and bytes waiting, against the flow's limits; a step's failed credential under it. */
export function StepQueues({ flow }: { flow: DashboardFlow }) {
  return (
    <ul aria-label={`Step queues of ${flow.name}`} className="space-y-2" data-testid="step-queues">
      {flow.steps.map((step) => (
        <li key={step.id} data-testid="step-queue" data-step-id={step.id} className="grid grid-cols-[5.5rem_6.5rem_6.5rem] items-start gap-x-3">
          <span className="truncate pt-px font-mono text-xs text-slate-600" title={`${step.id} (${step.component})`}>
            {step.id}
          </span>
          <QueueBar value={step.queued.messages} limit={flow.limits.messages} unit="messages" label={`${step.id}: messages queued`} />
          <QueueBar value={step.queued.bytes} limit={flow.limits.bytes} unit="bytes" label={`${step.id}: bytes queued`} />
          {step.credentialProblem && (
            <div className="col-span-3">
              <CredentialProblem stepId={step.id} problem={step.credentialProblem} />
            </div>
          )}
          {flow.polling?.stepId === step.id && (
            <div className="col-span-3">
              <PollSummary polling={flow.polling} />
            </div>
          )}
          {step.restarts && (
            <div className="col-span-3">
              <RunnerRestarts stepId={step.id} restarts={step.restarts} />
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
