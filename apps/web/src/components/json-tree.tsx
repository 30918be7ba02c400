const INDENT = "ml-3 border-l border-slate-200 pl-3";

/**
 * A JSON value as a tree: objects and arrays fold open and shut (the browser's own <details>),
 * the first `openDepth` levels open; each entry carries its key (`data-key`) for finding it.
 */
export function JsonTree({ value, openDepth = 2, testId }: { value: unknown; openDepth?: number; testId?: string }) {
  return (
    <div className="font-mono text-xs leading-5 text-slate-800" data-testid={testId}>
      <JsonNode name={null} value={value} depth={0} openDepth={openDepth} />
    </div>
  );
}

function JsonNode({ name, value, depth, openDepth }: { name: string | null; value: unknown; depth: number; openDepth: number }) {
  const label = name === null ? null : <span className="text-slate-500">{name}: </span>;
  if (value === null || typeof value !== "object") {
    return (
      <div data-key={name ?? undefined} className="break-all">
        {label}
        <JsonLeaf value={value} />
      </div>
    );
  }
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((item, i) => [String(i), item]) : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) {
    return (
      <div data-key={name ?? undefined}>
        {label}
        <span className="text-slate-500">{`${open}${close}`}</span>
      </div>
    );
  }
  return (
    <details data-key={name ?? undefined} open={depth < openDepth}>
      <summary className="cursor-pointer select-none rounded hover:bg-slate-100">
        {label}
        <span className="text-slate-500">
          {open}
          <span className="px-1 text-slate-400">{Array.isArray(value) ? `${entries.length} ${entries.length === 1 ? "item" : "items"}` : `${entries.length} ${entries.length === 1 ? "key" : "keys"}`}</span>
          {close}
        </span>
      </summary>
      <div className={INDENT}>
        {entries.map(([key, item]) => (
          <JsonNode key={key} name={key} value={item} depth={depth + 1} openDepth={openDepth} />
        ))}
      </div>
    </details>
  );
}

function JsonLeaf({ value }: { value: unknown }) {
  if (typeof value === "string") return <span className="text-emerald-700">{JSON.stringify(value)}</span>;
  if (typeof value === "number") return <span className="text-indigo-700">{String(value)}</span>;
  if (typeof value === "boolean") return <span className="text-amber-700">{String(value)}</span>;
  if (value === null) return <span className="text-slate-400">null</span>;
  return <span className="text-slate-400">{value === undefined ? "undefined" : String(value)}</span>;
}
