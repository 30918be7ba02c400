"use client";

import { type DraftDocument, emptyDraft, type FlowIssue, stepSamplesSchema } from "@interflow/flow";
import { useQuery } from "@tanstack/react-query";
import { ReactFlowProvider } from "@xyflow/react";
import { useCallback, useState } from "react";
import type { StateMachineView } from "@/flows/state-machine-view";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import type { Catalog } from "./catalog";
import { DesignerCanvas } from "./canvas/designer-canvas";
import { DesignerProvider } from "./designer-context";
import { FlowSettingsPanel } from "./flow-settings/flow-settings-panel";
import { ConnectionPanel } from "./panel/connection-panel";
import { NodePanel } from "./panel/node-panel";
import { TestPanel } from "./test-run/test-panel";
import { Palette } from "./palette/palette";
import { createDesignerStore, type DesignerInit } from "./store";
import { DesignerToolbar } from "./toolbar/designer-toolbar";
import { type AddStep, useAddStep } from "./use-add-step";
import { useAutosave } from "./use-autosave";
import { useDesignerShortcuts } from "./use-designer-shortcuts";

export type DesignerTarget = { kind: "existing"; flowId: string } | { kind: "new"; name: string; type: "ordinary" | "realtime" };

interface DesignerProps {
  target: DesignerTarget;
  machine: StateMachineView;
  /** viewers see the flow, they cannot change it */
  canChange: boolean;
}

/**
 * The flow designer: palette, canvas and the selected step's panel (or the flow's settings) over one store. An existing
 * flow opens its draft (or its current version); a new flow starts as an empty canvas and is
 * created when its trigger is dropped.
 */
export function Designer({ target, machine, canChange }: DesignerProps) {
  const trpc = useTRPC();
  const components = useQuery(trpc.components.list.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const draft = useQuery(
    trpc.flows.draft.queryOptions({ id: target.kind === "existing" ? target.flowId : "" }, { enabled: target.kind === "existing", staleTime: Number.POSITIVE_INFINITY, refetchOnWindowFocus: false }),
  );
  const failed = components.error ?? draft.error;
  if (failed) {
    return (
      <div role="alert" className="m-6 rounded-xl border border-red-200 bg-red-50 px-6 py-5 text-sm text-red-800">
        <p className="font-medium">The designer could not be loaded.</p>
        <p className="mt-1 text-red-700">{errorMessageOf(failed)}</p>
      </div>
    );
  }
  if (!components.data || (target.kind === "existing" && !draft.data)) {
    return (
      <div aria-busy="true" className="flex h-full items-center justify-center text-sm text-slate-500" data-testid="designer-loading">
        Loading the designer…
      </div>
    );
  }
  const initial =
    target.kind === "existing" && draft.data
      ? {
          flowId: target.flowId,
          document: draft.data.document as DraftDocument,
          samples: stepSamplesSchema.catch({}).parse(draft.data.samples),
          baseVersion: draft.data.baseVersion,
          currentVersion: draft.data.currentVersion,
          isDraft: draft.data.isDraft,
          serverIssues: draft.data.issues as FlowIssue[],
        }
      : {
          flowId: "",
          document: emptyDraft(target.kind === "new" ? target.name : "New flow", target.kind === "new" ? target.type : "ordinary"),
          samples: {},
          baseVersion: 0,
          currentVersion: 0,
          isDraft: false,
          serverIssues: [],
        };
  return <LoadedDesigner key={initial.flowId || "new"} initial={initial} catalog={components.data.components} target={target} machine={machine} canChange={canChange} />;
}

type StoreInit = Omit<DesignerInit, "catalog">;

function LoadedDesigner({ initial, catalog, target, machine, canChange }: { initial: StoreInit; catalog: Catalog } & DesignerProps) {
  const [store] = useState(() => createDesignerStore({ ...initial, catalog }));
  return (
    <DesignerProvider value={store}>
      <ReactFlowProvider>
        <DesignerLayout target={target} machine={machine} canChange={canChange} />
      </ReactFlowProvider>
    </DesignerProvider>
  );
}

function DesignerLayout({ target, machine, canChange }: DesignerProps) {
  const { flush } = useAutosave({ enabled: target.kind === "existing" && canChange });
  useDesignerShortcuts({ enabled: canChange });
  const { add } = useAddStep(target);
  const addFromPalette = useCallback((component: string, fn: string) => void add({ component, function: fn }), [add]);
  const addOnCanvas = useCallback((step: AddStep) => void add(step), [add]);
  return (
    <div className="flex h-full min-h-0 flex-col">
      <DesignerToolbar target={target} machine={machine} canChange={canChange} flush={flush} />
      <div className="flex min-h-0 flex-1">
        {canChange && <Palette onAdd={addFromPalette} />}
        <DesignerCanvas canChange={canChange} onAdd={addOnCanvas} />
        <NodePanel target={target} canChange={canChange} />
        <ConnectionPanel canChange={canChange} />
        {target.kind === "existing" && <FlowSettingsPanel flowId={target.flowId} canChange={canChange} />}
        {target.kind === "existing" && canChange && <TestPanel flowId={target.flowId} />}
      </div>
    </div>
  );
}
