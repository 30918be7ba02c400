"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { INPUT } from "@/components/button-styles";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

const FOLLOW_EVERY_MS = 2_000;
const LEVEL_TONES = { info: "text-emerald-300", warn: "text-amber-300", error: "text-red-300" } as const;

/**
 * What the flow's step runners wrote (processes or containers alike), newest at the bottom: one
 * step or all, read again every two seconds while "Follow" is on.
 */
export function StepLogs({ flowId, stepIds }: { flowId: string; stepIds: string[] }) {
  const trpc = useTRPC();
  const [stepId, setStepId] = useState<string>("");
  const [follow, setFollow] = useState(true);
  const stepSelect = useId();
  const logs = useQuery(trpc.flows.logs.queryOptions({ id: flowId, ...(stepId ? { stepId } : {}), limit: 300 }, { refetchInterval: follow ? FOLLOW_EVERY_MS : false }));
  return (
    <div data-testid="step-logs">
      <div className="flex flex-wrap items-center gap-4 border-b border-slate-200 px-5 py-3">
        <label htmlFor={stepSelect} className="text-sm text-slate-700">
          Step
        </label>
        <select id={stepSelect} className={`${INPUT} !w-48`} value={stepId} onChange={(e) => setStepId(e.target.value)}>
          <option value="">All steps</option>
          {stepIds.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} className="size-4 rounded border-slate-300" />
          Follow
        </label>
      </div>
      {logs.isError ? (
        <p role="alert" className="px-5 py-4 text-sm text-red-700">
          The logs could not be read: {errorMessageOf(logs.error)}
        </p>
      ) : !logs.data ? (
        <p className="px-5 py-4 text-sm text-slate-500" aria-busy="true">
          Reading the logs…
        </p>
      ) : logs.data.lines.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-500" data-testid="step-logs-empty">
          Nothing logged yet{stepId ? ` by ${stepId}` : ""}. Lines appear here once the flow runs.
        </p>
      ) : (
        <pre className="max-h-96 overflow-auto bg-slate-950 px-5 py-3 font-mono text-xs leading-5 text-slate-100" data-testid="step-log-lines">
          {logs.data.lines.map((l, i, all) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines have no id and the list is replaced whole
            <div key={i} data-step-id={l.stepId}>
              <span className="text-slate-400">{new Date(l.at).toISOString().slice(11, 23)}</span> <span className="text-indigo-300">{`${l.stepId}.${l.replica}`.padEnd(Math.max(...all.map((x) => `${x.stepId}.${x.replica}`.length)))}</span>{" "}
              {l.level && <span className={LEVEL_TONES[l.level]}>{l.level.padEnd(5)} </span>}
              <span title={l.line}>{l.text}</span>
            </div>
          ))}
        </pre>
      )}
    </div>
  );
}
