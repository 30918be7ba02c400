import { CopyButton } from "@/components/copy-button";

const IMPORT_COMMAND = "npx interflow flow import examples/webhook-to-http.json";

/** What the page says while the workspace has no flow yet; a viewer (`canChange` false) is told who imports flows. */
export function EmptyFlows({ canChange }: { canChange: boolean }) {
  return (
    <section
      aria-labelledby="empty-flows-title"
      data-testid="flows-empty"
      className="relative rounded-xl border border-dashed border-slate-300 bg-white px-6 py-14 text-center"
    >
      <div className="mx-auto flex size-12 items-center justify-center rounded-full bg-indigo-50">
        <svg viewBox="0 0 24 24" aria-hidden="true" className="size-6 fill-none stroke-indigo-600 stroke-[1.75]">
          <circle cx="5" cy="12" r="2.5" />
          <circle cx="19" cy="6" r="2.5" />
          <circle cx="19" cy="18" r="2.5" />
          <path d="M7.5 12h4m0 0V6h5m-5 6v6h5" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </div>
      <h2 id="empty-flows-title" className="mt-4 text-base font-semibold text-slate-900">
        No flows yet
      </h2>
      {canChange ? (
        <>
          <p className="mx-auto mt-2 max-w-md text-sm leading-6 text-slate-600">
            Import a flow from its JSON file with <span className="font-medium text-slate-900">Import flow</span>, or with the
            Interflow command line, from your Interflow folder. It shows up here as soon as it is imported.
          </p>
          <div className="mx-auto mt-6 flex w-fit max-w-full items-center gap-3 rounded-lg bg-slate-900 py-2 pl-4 pr-2 text-left shadow-sm">
            <code className="min-w-0 flex-1 overflow-x-auto whitespace-nowrap font-mono text-sm text-slate-100">
              <span aria-hidden="true" className="select-none text-slate-500">
                ${" "}
              </span>
              {IMPORT_COMMAND}
            </code>
            <CopyButton value={IMPORT_COMMAND} label="Copy the import command" tone="dark" />
          </div>
          <p className="mt-4 text-sm text-slate-500">
            Then start it with its <span className="font-medium text-slate-700">Start</span> button, or with{" "}
            <code className="rounded bg-slate-100 px-1 py-0.5 text-xs text-slate-700">npx interflow flow start &lt;flow id&gt;</code>.
          </p>
        </>
      ) : (
        <p className="mx-auto mt-2 max-w-md text-sm leading-6 text-slate-600">
          The owners and editors of this workspace import its flows. They show up here as soon as they are imported.
        </p>
      )}
    </section>
  );
}
