"use client";

import type { DashboardFlow } from "@interflow/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/button-styles";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DateTime } from "@/components/date-time";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { DetailSection } from "./detail-section";

const LABEL = "text-xs font-medium uppercase tracking-wide text-slate-500";

/**
 * A polling flow's trigger: its schedule, when it runs next, how the last run went, what all runs
 * did, and the snapshot the next run starts from. "Run now" while it runs; the snapshot is reset
 * only while it is stopped. Read again every two seconds. Nothing for a webhook flow.
 */
export function FlowPolling({ flow, canChange }: { flow: DashboardFlow; canChange: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const polling = useQuery(trpc.flows.polling.queryOptions({ id: flow.id }, { refetchInterval: 2_000 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.flows.polling.queryKey({ id: flow.id }) });
  const runNow = useMutation(trpc.flows.runNow.mutationOptions({ onSuccess: () => void refresh() }));
  const [resetting, setResetting] = useState(false);
  const reset = useMutation(trpc.flows.resetSnapshot.mutationOptions({ onSuccess: () => { setResetting(false); void refresh(); } }));
  const view = polling.data;
  if (!view) return null;
  const last = view.lastRun;
  return (
    <DetailSection id="polling-title" title="Polling" description={`The trigger ${view.stepId} asks its source for what changed, ${view.schedule}.`}>
      <div className="grid gap-5 px-5 py-4 sm:grid-cols-3" data-testid="flow-polling">
        <div>
          <p className={LABEL}>Next run</p>
          <p className="mt-1 text-sm text-slate-900" data-testid="poll-next-run">
            {view.nextRunAt ? <DateTime value={view.nextRunAt} format="seconds" /> : "Not scheduled (the flow is not running)"}
          </p>
        </div>
        <div>
          <p className={LABEL}>Last run</p>
          <p className={`mt-1 text-sm ${last?.error ? "text-red-700" : "text-slate-900"}`} data-testid="poll-last-run" data-emitted={last?.emitted} data-runs={last?.runs ?? 0}>
            {last ? (
              <>
                <DateTime value={last.at} format="seconds" />, {last.durationMs} ms: {last.error ? `failed: ${last.error}` : `${last.emitted} ${last.emitted === 1 ? "message" : "messages"} emitted`}
                {last.manual ? " (run now)" : ""}
              </>
            ) : (
              "None yet"
            )}
          </p>
        </div>
        <div>
          <p className={LABEL}>All runs</p>
          <p className="mt-1 text-sm text-slate-900" data-testid="poll-totals">
            {last ? `${last.runs} runs (${last.failures} failed), ${last.totalEmitted} messages` : "0 runs"}
          </p>
        </div>
        <div className="sm:col-span-3">
          <p className={LABEL}>Snapshot (where the next run starts)</p>
          {view.snapshot === null ? (
            <p className="mt-1 text-sm text-slate-600" data-testid="poll-snapshot">
              None: the next run starts from nothing.
            </p>
          ) : (
            <pre className="mt-1 max-h-40 overflow-auto rounded-lg bg-slate-50 px-3 py-2 font-mono text-xs text-slate-800" data-testid="poll-snapshot">
              {JSON.stringify(view.snapshot, null, 2)}
            </pre>
          )}
        </div>
        {canChange && (
          <div className="flex flex-wrap items-center gap-3 sm:col-span-3">
            <button type="button" className={PRIMARY_BUTTON} disabled={flow.state !== "running" || runNow.isPending} onClick={() => runNow.mutate({ id: flow.id })} title={flow.state === "running" ? "Runs the trigger now, beside its schedule" : "Start the flow first"}>
              {runNow.isPending ? "Asking…" : "Run now"}
            </button>
            <button type="button" className={SECONDARY_BUTTON} disabled={flow.state !== "stopped" || view.snapshot === null} onClick={() => setResetting(true)} title={flow.state === "stopped" ? "The next run starts from nothing" : "Stop the flow first"}>
              Reset snapshot
            </button>
            {runNow.error && (
              <p role="alert" className="text-sm text-red-700">
                {errorMessageOf(runNow.error)}
              </p>
            )}
          </div>
        )}
      </div>
      <ConfirmDialog
        open={resetting}
        title="Reset the snapshot?"
        confirmLabel="Reset snapshot"
        pendingLabel="Resetting…"
        pending={reset.isPending}
        error={reset.error ? errorMessageOf(reset.error) : null}
        onConfirm={() => reset.mutate({ id: flow.id })}
        onCancel={() => setResetting(false)}
      >
        The next run starts from nothing: the source is asked for everything, and what it answers is emitted again.
      </ConfirmDialog>
    </DetailSection>
  );
}
