import type { RouterOutputs } from "@/trpc/outputs";

export type ExecutionStatus = RouterOutputs["executions"]["list"]["items"][number]["status"];
export type StepRecordStatus = RouterOutputs["executions"]["get"]["records"][number]["status"];

/** One colour per outcome: sky on its way, amber waiting for a retry, green ok, red failed, grey dropped. */
const TONES = {
  running: "bg-sky-50 text-sky-700 ring-sky-600/20",
  retrying: "bg-amber-50 text-amber-800 ring-amber-600/25",
  ok: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  failed: "bg-red-50 text-red-700 ring-red-600/20",
  dropped: "bg-slate-100 text-slate-700 ring-slate-500/20",
} satisfies Record<ExecutionStatus, string>;

export const EXECUTION_STATUS_LABELS: Record<ExecutionStatus, string> = {
  running: "Running",
  retrying: "Retrying",
  ok: "OK",
  failed: "Failed",
  dropped: "Dropped",
};

/** A step record is one try: "retrying" is a try that failed and is tried again. */
const RECORD_STATUS_LABELS: Record<StepRecordStatus, string> = {
  ok: "OK",
  retrying: "Failed, retried",
  failed: "Failed",
  dropped: "Dropped",
};

const BADGE = "inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

/** An execution's status as a coloured badge (`data-status` for the specs). */
export function ExecutionStatusBadge({ status }: { status: ExecutionStatus }) {
  return (
    <span data-testid="execution-status" data-status={status} className={`${BADGE} ${TONES[status]}`}>
      {EXECUTION_STATUS_LABELS[status]}
    </span>
  );
}

/** One try's outcome as a coloured badge. */
export function StepRecordStatusBadge({ status }: { status: StepRecordStatus }) {
  return (
    <span data-testid="record-status" data-status={status} className={`${BADGE} ${TONES[status === "retrying" ? "retrying" : status]}`}>
      {RECORD_STATUS_LABELS[status]}
    </span>
  );
}
