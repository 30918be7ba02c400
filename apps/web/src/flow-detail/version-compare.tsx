"use client";

import { useQuery } from "@tanstack/react-query";
import { SelectField } from "@/components/select-field";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { type DiffLine, type DiffTone, diffLines, type FlowDiff } from "./diff-lines";
import type { FlowVersion } from "./version-history";

/** The two versions compared. */
export interface VersionPair {
  from: number;
  to: number;
}

interface VersionCompareProps {
  flowId: string;
  versions: FlowVersion[];
  pair: VersionPair;
  onPick: (pair: VersionPair) => void;
}

/** Two versions picked (From, To) and what changed between them, in words. */
export function VersionCompare({ flowId, versions, pair, onPick }: VersionCompareProps) {
  const options = versions.map((v) => ({ value: String(v.version), label: `Version ${v.version}${v.current ? " (current)" : ""}` }));
  return (
    <div className="p-5" data-testid="version-compare">
      <h3 className="text-sm font-semibold text-slate-900">What changed</h3>
      <div className="mt-3 grid grid-cols-2 gap-4">
        <SelectField label="From" name="from" options={options} value={String(pair.from)} onChange={(e) => onPick({ ...pair, from: Number(e.target.value) })} />
        <SelectField label="To" name="to" options={options} value={String(pair.to)} onChange={(e) => onPick({ ...pair, to: Number(e.target.value) })} />
      </div>
      <div className="mt-5 border-t border-slate-100 pt-4" aria-live="polite" data-testid="version-diff">
        {pair.from === pair.to ? (
          <p className="text-sm text-slate-500">The same version twice: pick two different ones.</p>
        ) : (
          <VersionDiff flowId={flowId} pair={pair} />
        )}
      </div>
    </div>
  );
}

function VersionDiff({ flowId, pair }: { flowId: string; pair: VersionPair }) {
  const trpc = useTRPC();
  // versions never change: what differs between two of them is read once
  const diff = useQuery(trpc.flows.diff.queryOptions({ id: flowId, ...pair }, { staleTime: Number.POSITIVE_INFINITY }));
  if (!diff.data) {
    if (diff.isError) {
      return (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          What changed could not be read: {errorMessageOf(diff.error)}
        </p>
      );
    }
    return (
      <div aria-busy="true" className="space-y-3">
        <span className="sr-only">Comparing the versions…</span>
        <div aria-hidden="true" className="h-3 w-40 animate-pulse rounded bg-slate-200" />
        <div aria-hidden="true" className="h-4 w-64 animate-pulse rounded bg-slate-100" />
      </div>
    );
  }
  return <DiffText diff={diff.data.diff} pair={pair} />;
}

function DiffText({ diff, pair }: { diff: FlowDiff; pair: VersionPair }) {
  const heading = (
    <p className="text-xs font-medium uppercase tracking-wide text-slate-500">
      From version {pair.from} to version {pair.to}
    </p>
  );
  const moved = diff.nodes.moved.length > 0 && (
    <p className="mt-2 text-sm text-slate-500" data-testid="diff-moved">
      Moved on the canvas: <Steps ids={diff.nodes.moved} />.
    </p>
  );
  if (diff.same) {
    return (
      <>
        {heading}
        <p className="mt-2 text-sm font-medium text-slate-900" data-testid="diff-same">
          No changes.
        </p>
        {moved}
      </>
    );
  }
  return (
    <>
      {heading}
      <ul className="mt-3 space-y-2">
        {diffLines(diff).map((line) => (
          <DiffItem key={`${line.what}-${line.subject ?? ""}-${line.detail ?? ""}`} line={line} />
        ))}
      </ul>
      {moved}
    </>
  );
}

const TONES: Record<DiffTone, string> = {
  added: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  removed: "bg-red-50 text-red-700 ring-red-600/20",
  changed: "bg-amber-50 text-amber-800 ring-amber-600/25",
};

function DiffItem({ line }: { line: DiffLine }) {
  return (
    <li className="flex items-start gap-2.5 text-sm leading-6 text-slate-700" data-testid="diff-line" data-tone={line.tone}>
      <span className={`mt-0.5 shrink-0 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium leading-4 ring-1 ring-inset ${TONES[line.tone]}`}>
        {line.what}
      </span>{" "}
      <span className="min-w-0 break-words">
        {line.subject && <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">{line.subject}</code>}
        {line.subject && line.detail && " "}
        {line.detail}
      </span>
    </li>
  );
}

function Steps({ ids }: { ids: string[] }) {
  return ids.map((id, i) => (
    <span key={id}>
      {i > 0 && ", "}
      <code className="font-mono text-xs text-slate-700">{id}</code>
    </span>
  ));
}
