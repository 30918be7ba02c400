"use client";

import { type SamplePath, samplePaths, type StepSample, stepsPathOf, upstreamStepsOf } from "@interflow/flow";
import { useMemo } from "react";
import { useDesigner } from "../../designer-context";

export interface MappingInput {
  /** the step whose output this step receives, and its sample */
  previousId: string | undefined;
  previous: StepSample | undefined;
  /** what a mapping is evaluated on: the previous step's body and headers, earlier steps by id */
  body: unknown;
  headers: Record<string, unknown>;
  steps: Record<string, unknown>;
  /** every field a mapping can use, for autocomplete and the field list */
  paths: SamplePath[];
  /** steps before this one without a sample (their fields cannot be offered) */
  missing: string[];
}

/** What a step's mapping (or JSONata setting) can use: its input and earlier steps' samples. */
export function useMappingInput(stepId: string): MappingInput {
  const { edges, samples } = useDesigner((s) => ({ edges: s.document.edges, samples: s.samples }));
  return useMemo(() => {
    const upstream = upstreamStepsOf({ edges }, stepId);
    const previousId = upstream[0];
    const previous = previousId ? samples[previousId] : undefined;
    const steps: Record<string, unknown> = {};
    for (const id of upstream) if (samples[id]) steps[id] = samples[id]?.body;
    const headers = previous?.headers ?? {};
    const paths: SamplePath[] = [
      ...samplePaths(previous?.body).filter((p) => p.path !== ""),
      ...samplePaths(headers, "$headers").filter((p) => p.path !== "$headers"),
      ...upstream.flatMap((id) => (samples[id] ? samplePaths(samples[id]?.body, stepsPathOf(id)) : [])),
    ];
    return { previousId, previous, body: previous?.body ?? {}, headers, steps, paths, missing: upstream.filter((id) => !samples[id]) };
  }, [edges, samples, stepId]);
}
