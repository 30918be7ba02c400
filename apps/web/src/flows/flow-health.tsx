import type { DashboardFlow } from "@interflow/api";
import Link from "next/link";
import { formatCount } from "./numbers";

type FlowHealth = Pick<DashboardFlow, "id" | "health" | "failingSteps" | "failedMessages">;

/** "deliver (5 of 6 tries failed), transform (3 of 3 tries failed)" */
export function failingStepsText(flow: FlowHealth): string {
  return flow.failingSteps.map((s) => `${s.stepId} (${formatCount(s.failedTries)} of ${formatCount(s.tries)} tries failed)`).join(", ");
}

/** A red "Failing" beside the state of a running flow whose tries at a step keep failing; nothing otherwise. */
export function FailingBadge({ flow }: { flow: FlowHealth }) {
  if (flow.health !== "failing") return null;
  return (
    <span
      data-testid="flow-failing"
      title={`Failing at ${failingStepsText(flow)} in the last 5 minutes`}
      className="inline-flex items-center gap-1.5 whitespace-nowrap rounded-full bg-red-600 px-2.5 py-1 text-xs font-semibold text-white"
    >
      <svg viewBox="0 0 16 16" aria-hidden="true" className="size-3.5 fill-none stroke-current stroke-2">
        <path d="M8 4.5v4" strokeLinecap="round" />
        <circle cx="8" cy="11.25" r="0.5" fill="currentColor" />
      </svg>
      Failing
    </span>
  );
}

/** The line naming the failing steps, for those who cannot hover the badge. */
export function FailingSteps({ flow, className = "" }: { flow: FlowHealth; className?: string }) {
  if (flow.health !== "failing") return null;
  return (
    <p className={`text-xs text-red-700 ${className}`} data-testid="failing-steps">
      Failing at {failingStepsText(flow)} in the last 5 minutes
    </p>
  );
}

/** "3 failed messages", linking to the flow page's Failed messages; nothing when there are none. */
export function FailedMessagesLink({ flow, className = "" }: { flow: FlowHealth; className?: string }) {
  if (flow.failedMessages === 0) return null;
  return (
    <Link
      href={`/flows/${flow.id}#failed-messages`}
      data-testid="failed-messages-link"
      data-count={flow.failedMessages}
      className={`inline-block rounded-sm text-xs font-medium text-red-700 underline decoration-red-300 underline-offset-2 hover:decoration-red-600 ${className}`}
    >
      {flow.failedMessages === 1 ? "1 failed message" : `${formatCount(flow.failedMessages)} failed messages`}
    </Link>
  );
}
