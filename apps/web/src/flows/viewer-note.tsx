/** What a viewer sees where owners and editors find the buttons that change flows. */
export function ViewerNote() {
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
