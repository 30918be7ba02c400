"use client";

import Link from "next/link";
import { SECONDARY_BUTTON } from "@/components/button-styles";
import type { StateMachineView } from "@/flows/state-machine-view";
import type { DesignerTarget } from "../designer";
import { useDesigner } from "../designer-context";
import { FlowSettingsButton } from "./flow-settings-button";
import { TestFlowButton } from "./test-flow-button";
import { PublishButton } from "./publish-button";
import { RunControls } from "./run-controls";
import { SaveStatus } from "./save-status";

interface ToolbarProps {
  target: DesignerTarget;
  machine: StateMachineView;
  canChange: boolean;
  /** saves pending edits now (before publishing) */
  flush: () => Promise<void>;
}

/** Above the canvas: the flow's name and version, save state, undo/redo, the flow's settings, publish, and running it. */
export function DesignerToolbar({ target, machine, canChange, flush }: ToolbarProps) {
  const { name, canUndo, canRedo, undo, redo, baseVersion, isDraft } = useDesigner((s) => ({
    name: s.document.name,
    canUndo: s.past.length > 0,
    canRedo: s.future.length > 0,
    undo: s.undo,
    redo: s.redo,
    baseVersion: s.baseVersion,
    isDraft: s.isDraft,
  }));
  return (
    <div className="flex h-14 shrink-0 items-center gap-4 border-b border-slate-200 bg-white px-4 py-2" data-testid="designer-toolbar">
      <div className="flex min-w-0 items-center gap-3">
        <Link href={target.kind === "existing" ? `/flows/${target.flowId}` : "/"} className="shrink-0 rounded-md px-1 text-slate-500 hover:text-slate-900" aria-label="Back to the flow">
          ←
        </Link>
        <div className="min-w-0">
          <h1 className="truncate text-base leading-5 font-semibold text-slate-900" data-testid="designer-flow-name">
            {name}
          </h1>
          <p className="flex gap-2 truncate text-xs text-slate-500">
            <span data-testid="designer-version">{target.kind === "new" ? "new flow" : isDraft ? `draft of version ${baseVersion}` : `version ${baseVersion}`}</span>
            {canChange && target.kind === "existing" && <SaveStatus />}
          </p>
        </div>
      </div>
      {canChange && (
        <div className="flex items-center gap-1.5">
          <button type="button" className={SECONDARY_BUTTON} onClick={undo} disabled={!canUndo} title="Undo (Ctrl+Z)" data-testid="undo">
            Undo
          </button>
          <button type="button" className={SECONDARY_BUTTON} onClick={redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)" data-testid="redo">
            Redo
          </button>
        </div>
      )}
      {target.kind === "existing" && <FlowSettingsButton />}
      {target.kind === "existing" && canChange && <TestFlowButton />}
      <div className="ml-auto flex shrink-0 items-center gap-3">
        {target.kind === "existing" && <RunControls flowId={target.flowId} machine={machine} canChange={canChange} flush={flush} />}
        {canChange && target.kind === "existing" && <PublishButton flowId={target.flowId} flush={flush} />}
      </div>
    </div>
  );
}
