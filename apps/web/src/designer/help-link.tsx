import type { HelpView } from "./catalog";

/** A component's, function's or field's help: its words as a tooltip and a link to the docs (new tab). */
export function HelpLink({ help, label = "Help" }: { help: HelpView; label?: string }) {
  if (!help.url) return null;
  return (
    <a
      href={help.url}
      target="_blank"
      rel="noreferrer"
      title={help.description}
      className="inline-flex items-center gap-1 rounded text-xs font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
      data-testid="help-link"
    >
      <svg viewBox="0 0 20 20" fill="currentColor" className="size-3.5" aria-hidden="true">
        <path fillRule="evenodd" d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0ZM8.94 6.94a.75.75 0 1 1-1.06-1.06 3 3 0 1 1 2.87 5.02.76.76 0 0 0-.5.69v.16a.75.75 0 0 1-1.5 0v-.16c0-1.06.7-1.93 1.6-2.13a1.5 1.5 0 1 0-1.41-2.52ZM10 15a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" clipRule="evenodd" />
      </svg>
      {label}
    </a>
  );
}
