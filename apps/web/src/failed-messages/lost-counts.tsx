import { formatCount } from "@/flows/numbers";

interface LostCountsProps {
  expiredUnresolved: number;
  unrecorded: number;
  errorFlowUndelivered: number;
}

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** What was lost without a failed message to show for it, said whenever it is not zero: nothing goes silently. */
export function LostCounts({ expiredUnresolved, unrecorded, errorFlowUndelivered }: LostCountsProps) {
  const lines = [
    expiredUnresolved > 0 && {
      testId: "expired-unresolved",
      text: `${plural(expiredUnresolved, "failed message was", "failed messages were")} removed by retention before anyone retried or discarded ${expiredUnresolved === 1 ? "it" : "them"}.`,
    },
    unrecorded > 0 && {
      testId: "unrecorded",
      text: `${plural(unrecorded, "record", "records")} of tries could not be kept: the flow's records stream was full.`,
    },
    errorFlowUndelivered > 0 && {
      testId: "error-flow-undelivered",
      text: `${plural(errorFlowUndelivered, "failed message", "failed messages")} could not be passed to the error flow.`,
    },
  ].filter((line): line is { testId: string; text: string } => Boolean(line));
  if (lines.length === 0) return null;
  return (
    <ul className="space-y-1 border-b border-amber-200 bg-amber-50 px-5 py-3 text-sm text-amber-900" data-testid="lost-counts">
      {lines.map((line) => (
        <li key={line.testId} data-testid={line.testId}>
          {line.text}
        </li>
      ))}
    </ul>
  );
}
