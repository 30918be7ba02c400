import type { ReactNode } from "react";
import { errorMessageOf } from "@/trpc/errors";

/** A card's content while it loads: grey bars where the rows will be. */
export function CardSkeleton({ rows, label }: { rows: number; label: string }) {
  return (
    <div aria-busy="true" className="p-6">
      <span className="sr-only">{label}</span>
      <div className="space-y-4" aria-hidden="true">
        {Array.from({ length: rows }, (_, row) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows, never reordered
          <div key={row} className="flex items-center gap-6">
            <div className="h-4 w-48 animate-pulse rounded bg-slate-200" />
            <div className="h-4 w-24 animate-pulse rounded bg-slate-100" />
            <div className="h-4 flex-1 animate-pulse rounded bg-slate-100" />
          </div>
        ))}
      </div>
    </div>
  );
}

/** A card's content when it could not be loaded, with the API's reason. */
export function LoadError({ what, error }: { what: string; error: unknown }) {
  return (
    <div role="alert" className="m-4 rounded-lg border border-red-200 bg-red-50 px-5 py-4 text-sm text-red-800">
      <p className="font-medium">{what} could not be loaded.</p>
      <p className="mt-1 text-red-700">{errorMessageOf(error)}</p>
    </div>
  );
}

/** A card's content when there is nothing to list yet. */
export function EmptyRow({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="px-6 py-10 text-center text-sm text-slate-500" data-testid={testId}>
      {children}
    </p>
  );
}
