"use client";

import type { DashboardFlow } from "@interflow/api";
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { SECONDARY_BUTTON } from "@/components/button-styles";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

type Step = DashboardFlow["steps"][number];

/**
 * A step's replicas: how many it should run and how many are up; on a running flow an editor
 * changes the count here (1–10) and the difference starts or stops, the others run on.
 */
export function StepReplicas({ flow, step, canChange }: { flow: DashboardFlow; step: Step; canChange: boolean }) {
  const trpc = useTRPC();
  const inputId = useId();
  const [count, setCount] = useState<string | null>(null);
  const scale = useMutation(trpc.flows.scale.mutationOptions({ onSuccess: () => setCount(null) }));
  const live = flow.state === "running" || flow.state === "sleeping";
  const { wanted, up } = step.replicas;
  const shown = count ?? String(wanted);
  return (
    <div className="mt-1.5 text-xs text-slate-600" data-testid="step-replicas" data-step-id={step.id} data-wanted={wanted} data-up={up}>
      {live ? `${up} of ${wanted} ${wanted === 1 ? "replica" : "replicas"} up` : `${wanted} ${wanted === 1 ? "replica" : "replicas"}`}
      {step.replicas.scaled && " (scaled)"}
      {canChange && live && (
        <form
          className="mt-1 flex items-center gap-1.5"
          onSubmit={(e) => {
            e.preventDefault();
            scale.mutate({ id: flow.id, stepId: step.id, replicas: Number(shown) });
          }}
        >
          <label htmlFor={inputId} className="sr-only">
            Replicas of {step.id}
          </label>
          <input id={inputId} type="number" min={1} max={10} value={shown} onChange={(e) => setCount(e.target.value)} className="w-14 rounded-md border border-slate-300 px-1.5 py-0.5 text-xs" />
          <button type="submit" className={`${SECONDARY_BUTTON} !px-2 !py-0.5 !text-xs`} disabled={scale.isPending || Number(shown) === wanted}>
            {scale.isPending ? "Scaling…" : "Scale"}
          </button>
        </form>
      )}
      {scale.error && (
        <p role="alert" className="mt-1 text-red-700">
          {errorMessageOf(scale.error)}
        </p>
      )}
    </div>
  );
}
