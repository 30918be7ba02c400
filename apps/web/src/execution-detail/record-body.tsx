import { JsonTree } from "@/components/json-tree";

/** How much of a body a step record keeps (the runner cuts longer ones). */
const CUT_AT = "64 KB";

/** A body of a step record: a JSON tree; its first 64 KB as text when it was cut; "not kept" when the flow did not keep it. */
export function RecordBody({ value, cut, testId }: { value: unknown; cut: boolean; testId: string }) {
  if (value === null || value === undefined) {
    return (
      <p className="text-xs text-slate-500" data-testid={testId} data-kept="false">
        Not kept (the flow keeps bodies of failures only, keeps none, or retention removed them).
      </p>
    );
  }
  if (cut) {
    return (
      <div data-testid={testId} data-cut="true">
        <p className="text-xs font-medium text-amber-800">Cut at {CUT_AT}: its beginning, as text.</p>
        <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded-lg bg-slate-50 px-3 py-2 font-mono text-xs text-slate-800">{String(value)}</pre>
      </div>
    );
  }
  return <JsonTree value={value} openDepth={3} testId={testId} />;
}
