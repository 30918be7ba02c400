import Link from "next/link";
import { errorMessageOf } from "@/trpc/errors";

/** The workspace has no flow yet: where to import one (owners and editors), or who does (viewers). */
export function NoFlowsYet({ canChange }: { canChange: boolean }) {
  return (
    <div data-testid="dashboard-empty" className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-14 text-center">
      <h2 className="text-base font-semibold text-slate-900">No flows yet — import one</h2>
      {canChange ? (
        <p className="mx-auto mt-2 max-w-md text-sm leading-6 text-slate-600">
          Import a flow from its JSON file on the{" "}
          <Link href="/" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
            Flows page
          </Link>
          . It shows up here with its state, queues and messages as soon as it is imported.
        </p>
      ) : (
        <p className="mx-auto mt-2 max-w-md text-sm leading-6 text-slate-600">
          The owners and editors of this workspace import its flows. They show up here as soon as they are imported.
        </p>
      )}
    </div>
  );
}

/** Flows exist, none in the states the filter asks for. */
export function NoFlowsInStates({ labels, onShowAll }: { labels: string[]; onShowAll: () => void }) {
  return (
    <div data-testid="dashboard-filtered-empty" className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
      <p className="text-sm text-slate-600">
        No flow is <span className="font-medium text-slate-900">{labels.join(" or ")}</span> right now.
      </p>
      <button type="button" onClick={onShowAll} className="mt-3 rounded-md text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
        Show every flow
      </button>
    </div>
  );
}

export function DashboardLoadError({ error }: { error: unknown }) {
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-red-50 px-6 py-5 text-sm text-red-800">
      <p className="font-medium">The dashboard could not be loaded.</p>
      <p className="mt-1 text-red-700">{errorMessageOf(error)} — trying again every second.</p>
    </div>
  );
}

export function DashboardSkeleton() {
  return (
    <div aria-busy="true" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <span className="sr-only">Loading the dashboard…</span>
      <div className="space-y-6" aria-hidden="true">
        {[0, 1, 2].map((row) => (
          <div key={row} className="flex items-start gap-6">
            <div className="h-4 w-36 animate-pulse rounded bg-slate-200" />
            <div className="h-5 w-24 animate-pulse rounded-full bg-slate-100" />
            <div className="space-y-2">
              <div className="h-3 w-64 animate-pulse rounded bg-slate-100" />
              <div className="h-3 w-64 animate-pulse rounded bg-slate-100" />
              <div className="h-3 w-64 animate-pulse rounded bg-slate-100" />
            </div>
            <div className="h-10 flex-1 animate-pulse rounded bg-slate-100" />
          </div>
        ))}
      </div>
    </div>
  );
}
