/** What the last change made from the flows list did: done (`ok`), or why not. */
export interface FlowNotice {
  tone: "ok" | "error";
  text: string;
  /** the flow it made (a duplicate): its row is marked */
  flowId?: string;
}

/** The last change's outcome, above the flows, until the next one or until dismissed. */
export function FlowNoticeLine({ notice, onDismiss }: { notice: FlowNotice; onDismiss: () => void }) {
  const ok = notice.tone === "ok";
  return (
    <div
      data-testid="flow-notice"
      data-flow-id={notice.flowId}
      className={`mb-4 flex items-center justify-between gap-4 rounded-lg px-4 py-2.5 text-sm ring-1 ring-inset ${
        ok ? "bg-emerald-50 text-emerald-800 ring-emerald-600/20" : "bg-red-50 text-red-800 ring-red-600/20"
      }`}
    >
      <p role={ok ? "status" : "alert"}>{notice.text}</p>
      <button
        type="button"
        onClick={onDismiss}
        aria-label="Dismiss"
        className={`rounded-md p-1 transition focus-visible:outline-2 focus-visible:outline-indigo-600 ${ok ? "hover:bg-emerald-100" : "hover:bg-red-100"}`}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" className="size-3.5 fill-none stroke-current stroke-2">
          <path d="m4 4 8 8m0-8-8 8" strokeLinecap="round" />
        </svg>
      </button>
    </div>
  );
}
