"use client";

import { Handle, type Node, type NodeProps, Position, useConnection } from "@xyflow/react";
import { memo, useState } from "react";
import type { ComponentView, FunctionView } from "../catalog";
import { ComponentIcon } from "../component-icon";
import { ActionPicker } from "../palette/action-picker";
import type { TestStepStatus } from "../store";
import { STATUS_TEXT, STATUS_TONE } from "../test-run/test-panel";

export interface StepNodeData extends Record<string, unknown> {
  stepId: string;
  component: ComponentView | undefined;
  fn: FunctionView | undefined;
  kind: "trigger" | "action" | undefined;
  issues: string[];
  hasSample: boolean;
  /** a step already connected onward shows its "+" only while selected */
  hasNext: boolean;
  /** what it did in the last test run */
  testStatus?: TestStepStatus;
  canChange: boolean;
  onAddAfter: (stepId: string, component: string, fn: string) => void;
}

export type StepNodeType = Node<StepNodeData, "step">;

/** One step on the canvas: its component's icon and title, the step id, and what is wrong with it. */
export const StepNode = memo(function StepNode({ data, selected }: NodeProps<StepNodeType>) {
  const [picking, setPicking] = useState(false);
  // while a connection is dragged, the "+" steps aside: it must not catch the drop meant for a step's input beside it
  const connecting = useConnection((connection) => connection.inProgress);
  const invalid = data.issues.length > 0;
  const title = data.fn?.title ?? "Unknown step";
  return (
    <div
      data-testid={`step-${data.stepId}`}
      data-invalid={invalid || undefined}
      className={`relative w-60 rounded-xl border bg-white shadow-sm transition ${
        selected ? "border-indigo-500 ring-4 ring-indigo-500/20" : invalid ? "border-red-300" : "border-slate-300"
      }`}
    >
      {data.kind !== "trigger" && (
        <Handle type="target" position={Position.Left} className="!size-3 !border-2 !border-white !bg-slate-400" aria-label={`Input of ${data.stepId}`} />
      )}
      <div className="flex items-start gap-3 px-3.5 py-3">
        <span className={`mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-lg ${data.kind === "trigger" ? "bg-amber-50 text-amber-700" : "bg-indigo-50 text-indigo-700"}`}>
          <ComponentIcon name={data.component?.icon ?? "puzzle"} />
        </span>
        <div className="min-w-0 flex-1">
          <p className="text-[11px] font-medium uppercase tracking-wide text-slate-500">
            {data.kind === "trigger" ? "Trigger" : "Action"} · {data.component?.title ?? "?"}
          </p>
          <p className="truncate text-sm font-semibold text-slate-900">{title}</p>
          <p className="truncate font-mono text-xs text-slate-500">
            {data.stepId}
            {data.hasSample && <span className="ml-1.5 rounded bg-emerald-50 px-1 font-sans text-[10px] font-medium text-emerald-700">sample</span>}
            {data.testStatus && (
              <span
                className={`ml-1.5 rounded px-1 font-sans text-[10px] font-medium ${STATUS_TONE[data.testStatus]}`}
                title="What it did in the last test run: its input and output are in the Test flow panel"
                data-testid={`step-test-status-${data.stepId}`}
              >
                test: {STATUS_TEXT[data.testStatus]}
              </span>
            )}
          </p>
        </div>
      </div>
      {invalid && (
        <ul data-testid={`step-issues-${data.stepId}`} className="space-y-1 rounded-b-xl border-t border-red-100 bg-red-50 px-3.5 py-2 text-xs text-red-800">
          {data.issues.slice(0, 3).map((issue) => (
            <li key={issue}>{issue}</li>
          ))}
          {data.issues.length > 3 && <li>and {data.issues.length - 3} more in the panel</li>}
        </ul>
      )}
      <Handle type="source" position={Position.Right} className="!size-3 !border-2 !border-white !bg-indigo-500" aria-label={`Output of ${data.stepId}`} />
      {data.canChange && !connecting && (!data.hasNext || selected || picking) && (
        <div className="absolute top-1/2 -right-11 -translate-y-1/2">
          <button
            type="button"
            className="nodrag flex size-7 items-center justify-center rounded-full border border-slate-300 bg-white text-base leading-none text-slate-600 shadow-xs hover:border-indigo-400 hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
            aria-label={`Add an action after ${data.stepId}`}
            aria-expanded={picking}
            data-testid={`add-after-${data.stepId}`}
            onClick={() => setPicking((open) => !open)}
          >
            +
          </button>
          {picking && (
            <div className="nodrag nowheel absolute top-9 left-0 z-10 w-72">
              <ActionPicker
                onPick={(component, fn) => {
                  setPicking(false);
                  data.onAddAfter(data.stepId, component, fn);
                }}
                onClose={() => setPicking(false)}
              />
            </div>
          )}
        </div>
      )}
    </div>
  );
});
