"use client";

import { type Position, upstreamStepsOf } from "@interflow/flow";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { functionOf } from "./catalog";
import type { DesignerTarget } from "./designer";
import { useDesignerStore } from "./designer-context";
import { defaultConfigOf } from "./fields";

/** Horizontal distance between a step and the one added after it. */
export const STEP_SPACING = 320;

export interface AddStep {
  component: string;
  function: string;
  /** where on the canvas; default: right of the step it follows, or the canvas's start */
  position?: Position;
  /** connect after this step ("+" on a node) */
  after?: string;
}

/**
 * Adds a trigger or an action: from the palette (click or Enter), a drop on the canvas, or "+"
 * after a step. On a new flow the trigger creates the flow (its version 1, with the actions placed
 * before it) and opens its designer.
 */
export function useAddStep(target: DesignerTarget) {
  const trpc = useTRPC();
  const router = useRouter();
  const store = useDesignerStore();
  const create = useMutation(trpc.flows.create.mutationOptions());
  const createFlow = create.mutateAsync;

  const add = useCallback(
    async (step: AddStep): Promise<string | undefined> => {
      const state = store.getState();
      const found = functionOf(state.catalog, step.component, step.function);
      if (!found) return;
      const config = defaultConfigOf(found.fn);
      if (found.fn.kind === "trigger") {
        const position = step.position ?? { x: 0, y: 0 };
        if (target.kind === "new") {
          try {
            // actions placed before the trigger go with it, settings and connections included
            const { nodes, edges } = state.document;
            const steps = nodes.length > 0 ? { nodes, edges } : undefined;
            const flow = await createFlow({ name: target.name, type: target.type, trigger: { component: step.component, function: step.function, position, config }, steps });
            router.replace(`/flows/${flow.id}/designer`);
            return flow.id;
          } catch (error) {
            store.setState({ refusal: errorMessageOf(error) });
            return;
          }
        }
        return state.apply({ type: "add-trigger", component: step.component, function: step.function, position, config }) ? "added" : undefined;
      }
      const document = state.document;
      // no place given: after the selected step, else after the end of the chain from the trigger
      const after = step.after ?? (step.position ? undefined : (state.selectedId ?? lastStepOf(document)));
      const from = document.nodes.find((n) => n.id === after);
      const position = freeSpot(document, step.position ?? (from ? { x: from.position.x + STEP_SPACING, y: from.position.y } : { x: 0, y: 0 }));
      const before = new Set(document.nodes.map((n) => n.id));
      if (!state.apply({ type: "add-action", component: step.component, function: step.function, position, after, config })) return;
      const added = store.getState().document.nodes.find((n) => !before.has(n.id));
      if (added) store.getState().select(added.id);
      return added?.id;
    },
    [store, target, createFlow, router],
  );
  return { add, creating: create.isPending };
}

/** `at`, or below it where it would cover another step (a step is about 240 × 80). */
function freeSpot(document: { nodes: { position: Position }[] }, at: Position): Position {
  let spot = at;
  for (let tries = 0; tries < 20 && document.nodes.some((n) => Math.abs(n.position.x - spot.x) < 240 && Math.abs(n.position.y - spot.y) < 90); tries++) {
    spot = { x: spot.x, y: spot.y + 110 };
  }
  return spot;
}

/** The step at the end of the chain from the trigger (the last one a new action goes after). */
function lastStepOf(document: { nodes: { id: string }[]; edges: { source: string; target: string }[] }): string | undefined {
  const leaves = document.nodes.filter((node) => !document.edges.some((edge) => edge.source === node.id));
  // the leaf with the longest way back to the trigger
  return leaves.sort((a, b) => upstreamStepsOf(document, b.id).length - upstreamStepsOf(document, a.id).length)[0]?.id;
}
