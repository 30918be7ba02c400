import type { DashboardFlow } from "@interflow/api";
import { DateTime } from "@/components/date-time";

type RestartsView = NonNullable<DashboardFlow["steps"][number]["restarts"]>;

/** A step whose runners exited unasked and were replaced: how often, when last and why (out of memory, an exit code). */
export function RunnerRestarts({ stepId, restarts }: { stepId: string; restarts: RestartsView }) {
  return (
    <p data-testid="runner-restarts" data-step-id={stepId} data-oom={restarts.oomKilled || undefined} className={`text-xs ${restarts.oomKilled ? "text-red-700" : "text-amber-800"}`}>
      Restarted {restarts.count === 1 ? "once" : `${restarts.count} times`}; last <DateTime value={restarts.lastAt} format="seconds" />, replica {restarts.replica}: {restarts.reason}
      {restarts.oomKilled ? ". Give the step more memory (its resources) or make it hold less." : ""}
    </p>
  );
}
