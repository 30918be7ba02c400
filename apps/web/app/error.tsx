"use client";

import { AppHeader } from "@/components/app-header";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : undefined;
  return (
    <>
      <AppHeader />
      <main className="mx-auto mt-20 max-w-md px-6 text-center">
        <h1 className="text-xl font-semibold text-slate-900">Interflow could not load this page</h1>
        <p className="mt-2 text-sm leading-6 text-slate-600">
          Most often its database is not reachable. Check that Interflow is running, then try again.
        </p>
        {digest && <p className="mt-2 font-mono text-xs text-slate-400">Reference {digest} (in the web server&rsquo;s log)</p>}
        <button
          type="button"
          onClick={() => retry()}
          className="mt-6 rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-xs hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          Try again
        </button>
      </main>
    </>
  );
}
