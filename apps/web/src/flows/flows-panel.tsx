"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { isUnauthorized } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { EmptyFlows } from "./empty-flows";
import { type FlowNotice, FlowNoticeLine } from "./flow-notice";
import { FlowsTable } from "./flows-table";
import { ImportFlowButton, type ImportResult, ImportResultLine } from "./import-flow-button";
import { NewFlowButton } from "./new-flow-button";
import { LiveIndicator } from "./live-indicator";
import type { StateMachineView } from "./state-machine-view";
import { ViewerNote } from "./viewer-note";

const POLL_INTERVAL_MS = 1000;

/**
 * The workspace's flows, refreshed every second. Owners and editors (`canChange`) import, start,
 * stop, suspend and resume them, as the state machine (`machine`) allows, and rename, duplicate
 * and delete them; everybody exports them. What the last of these did shows above the table.
 */
export function FlowsPanel({ machine, canChange }: { machine: StateMachineView; canChange: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const flows = useQuery(
    trpc.flows.list.queryOptions(undefined, {
      refetchInterval: (query) => (isUnauthorized(query.state.error) ? false : POLL_INTERVAL_MS),
    }),
  );
  const unauthorized = isUnauthorized(flows.error);
  const [notice, setNotice] = useState<FlowNotice | null>(null);
  const [imported, setImported] = useState<ImportResult | null>(null);

  // The token was revoked while the page was open: the server renders the connect form again.
  useEffect(() => {
    if (unauthorized) router.refresh();
  }, [unauthorized, router]);

  const count = flows.data?.flows.length;
  return (
    <section aria-labelledby="flows-title" className="relative">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <div className="flex items-center gap-3">
            <h1 id="flows-title" className="text-2xl font-semibold tracking-tight text-slate-900">
              Flows
            </h1>
            {count !== undefined && count > 0 && (
              <span className="rounded-full bg-slate-200/70 px-2.5 py-0.5 text-sm font-medium text-slate-600" data-testid="flows-count">
                {count}
                <span className="sr-only"> {count === 1 ? "flow" : "flows"}</span>
              </span>
            )}
          </div>
          <p className="mt-1 text-sm text-slate-600">Every flow of this workspace and the state it is in right now.</p>
        </div>
        <div className="flex items-start gap-5">
          <div className="py-2">
            <LiveIndicator status={flows.isError && !unauthorized ? "reconnecting" : flows.isPending ? "connecting" : "live"} />
          </div>
          {canChange ? (
            <div className="flex items-start gap-3">
              <ImportFlowButton onResult={setImported} />
              <NewFlowButton />
            </div>
          ) : (
            <ViewerNote />
          )}
        </div>
      </div>

      <div className="mt-6">
        {imported && <ImportResultLine result={imported} />}
        {notice && <FlowNoticeLine notice={notice} onDismiss={() => setNotice(null)} />}
        {flows.data ? (
          flows.data.flows.length === 0 ? (
            <EmptyFlows canChange={canChange} />
          ) : (
            <FlowsTable flows={flows.data.flows} machine={machine} canChange={canChange} markedFlowId={notice?.flowId} onNotice={setNotice} />
          )
        ) : flows.isError && !unauthorized ? (
          <div role="alert" className="rounded-xl border border-red-200 bg-red-50 px-6 py-5 text-sm text-red-800">
            <p className="font-medium">The flows could not be loaded.</p>
            <p className="mt-1 text-red-700">{flows.error.message} — trying again every second.</p>
          </div>
        ) : (
          <FlowsSkeleton />
        )}
      </div>
    </section>
  );
}

function FlowsSkeleton() {
  return (
    <div aria-busy="true" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <span className="sr-only">Loading flows…</span>
      <div className="space-y-4" aria-hidden="true">
        {[0, 1, 2].map((row) => (
          <div key={row} className="flex items-center gap-6">
            <div className="h-4 w-48 animate-pulse rounded bg-slate-200" />
            <div className="h-5 w-20 animate-pulse rounded-full bg-slate-100" />
            <div className="h-4 w-10 animate-pulse rounded bg-slate-100" />
            <div className="h-4 flex-1 animate-pulse rounded bg-slate-100" />
          </div>
        ))}
      </div>
    </div>
  );
}
