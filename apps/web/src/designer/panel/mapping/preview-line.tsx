import { type Preview, previewText } from "./use-preview";

/** Under an expression: its value on the sample, or its error, at once. */
export function PreviewLine({ preview, testId, noSample }: { preview: Preview; testId?: string; noSample: boolean }) {
  if (preview.status === "empty") return null;
  if (preview.status === "error") {
    return (
      <p role="alert" className="mt-1 text-xs font-medium text-red-700" data-testid={testId ? `${testId}-error` : undefined}>
        {preview.message}
      </p>
    );
  }
  return (
    <p className="mt-1 truncate font-mono text-xs text-emerald-800" data-testid={testId ? `${testId}-preview` : undefined} title={previewText(preview.value, 2000)}>
      <span aria-hidden="true">→ </span>
      <span className="sr-only">Preview: </span>
      {noSample ? <span className="font-sans text-slate-500">no sample yet to preview on</span> : previewText(preview.value)}
    </p>
  );
}
