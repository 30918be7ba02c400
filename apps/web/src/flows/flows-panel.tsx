"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { isUnauthorized } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { EmptyFlows } from "./empty-flows";
import { FlowsTable } from "./flows-table";
import { ImportFlowButton } from "./import-flow-button";
import { LiveIndicator } from "./live-indicator";
import type { ManualActions } from "./manual-actions";

const POLL_INTERVAL_MS = 1000;

/**
 * The workspace's flows, refreshed every second. Owners and editors import, start and stop them:
 * for them `actions` says what each state allows; a viewer gets null.
 */
export function FlowsPanel({ actions }: { actions: ManualActions | null }) {
  const canChange = actions !== null;
  const trpc = useTRPC();
  const router = useRouter();
  const flows = useQuery(
    trpc.flows.list.queryOptions(undefined, {
      refetchInterval: (query) => (isUnauthorized(query.state.error) ? false : POLL_INTERVAL_MS),
    }),
  );
  const unauthorized = isUnauthorized(flows.error);

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
          {canChange ? <ImportFlowButton /> : <ViewerNote />}
        </div>
      </div>

      <div className="mt-6">
        {flows.data ? (
          flows.data.flows.length === 0 ? (
            <EmptyFlows canChange={canChange} />
          ) : (
            <FlowsTable flows={flows.data.flows} actions={actions} />
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

/** Where owners and editors find the import button: why a viewer has none (and no start or stop). */
function ViewerNote() {
  return (
    <p data-testid="viewer-note" className="flex items-center gap-2 rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-600">
      <svg viewBox="0 0 16 16" aria-hidden="true" className="size-4 shrink-0 fill-none stroke-slate-500 stroke-[1.5]">
        <rect x="3.5" y="7" width="9" height="6.5" rx="1.5" />
        <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
      </svg>
      You are a viewer here: viewers cannot change flows.
    </p>
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
