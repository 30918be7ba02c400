"use client";

import { useId, useState } from "react";
import { QUIET_DANGER_BUTTON } from "@/components/button-styles";
import { functionOf, stepTitleOf } from "../catalog";
import { ComponentIcon } from "../component-icon";
import type { DesignerTarget } from "../designer";
import { useDesigner } from "../designer-context";
import { HelpLink } from "../help-link";
import { issueText, shownIssues } from "../step-issues";
import { ConfigForm } from "./config-form";
import { RuntimeSettings } from "./runtime-settings";
import { ScheduleSettings } from "./schedule-settings";
import { fieldsOf } from "../fields";
import { MappingEditor } from "./mapping/mapping-editor";
import { SamplePanel } from "./sample/sample-panel";

type Tab = "settings" | "mapping" | "sample";
const TAB_LABELS: Record<Tab, string> = { settings: "Settings", mapping: "Mapping", sample: "Sample" };

/** The selected step: its settings form, its field mapping (actions) and its sample, with help. */
export function NodePanel({ target, canChange }: { target: DesignerTarget; canChange: boolean }) {
  const selectedId = useDesigner((s) => s.selectedId);
  // another step opens on its Settings tab
  return selectedId ? <StepPanel key={selectedId} target={target} canChange={canChange} /> : null;
}

function StepPanel({ target, canChange }: { target: DesignerTarget; canChange: boolean }) {
  const { node, catalog, graphIssues, serverIssues, select, apply } = useDesigner((s) => ({
    node: s.document.nodes.find((n) => n.id === s.selectedId),
    catalog: s.catalog,
    graphIssues: s.issues,
    serverIssues: s.serverIssues,
    select: s.select,
    apply: s.apply,
  }));
  const issues = shownIssues({ issues: graphIssues, serverIssues }).filter((issue) => issue.nodeId !== undefined && issue.nodeId === node?.id);
  const [tab, setTab] = useState<Tab>("settings");
  const tabsId = useId();
  if (!node) return null;
  const found = functionOf(catalog, node.component, node.function);
  // a step whose setting is its output's JSONata (transform) edits it in Settings: one place, no Mapping tab (unless it has a mapping already)
  const emitsExpression = found !== undefined && fieldsOf(found.fn).some((f) => f.type === "code" && f.asMapping);
  const tabs: Tab[] = found?.fn.kind === "action" && (!emitsExpression || node.mapping !== undefined) ? ["settings", "mapping", "sample"] : ["settings", "sample"];
  const shown = tabs.includes(tab) ? tab : "settings";
  return (
    <aside aria-label={`Step ${node.id}`} className="flex w-[28rem] shrink-0 flex-col border-l border-slate-200 bg-white" data-testid="node-panel">
      <header className="border-b border-slate-200 px-4 pt-3">
        <div className="flex items-start gap-3">
          <span className="mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-lg bg-slate-100 text-slate-700">
            <ComponentIcon name={found?.component.icon ?? "puzzle"} />
          </span>
          <div className="min-w-0 flex-1">
            <h2 className="truncate text-sm font-semibold text-slate-900">
              {found ? stepTitleOf(found) : `${node.component}.${node.function}`}
            </h2>
            <p className="font-mono text-xs text-slate-500">{node.id}</p>
          </div>
          <button type="button" className="rounded-md px-2 py-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900" aria-label="Close the panel" onClick={() => select(null)}>
            ✕
          </button>
        </div>
        {found && (
          <div className="mt-2 text-xs text-slate-600">
            <p>{found.fn.help?.description ?? found.fn.description}</p>
            {found.fn.help && (
              <p className="mt-1">
                <HelpLink help={found.fn.help} label={`Docs: ${found.fn.title}`} />
              </p>
            )}
          </div>
        )}
        {issues.length > 0 && (
          <ul role="alert" className="mt-3 space-y-1 rounded-lg bg-red-50 px-3 py-2 text-xs text-red-800" data-testid="panel-issues">
            {issues.map((issue) => (
              <li key={`${issue.path}:${issue.message}`}>{issueText(issue)}</li>
            ))}
          </ul>
        )}
        <div role="tablist" aria-label="Step" className="mt-3 flex gap-1">
          {tabs.map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              id={`${tabsId}-${t}`}
              aria-selected={shown === t}
              aria-controls={`${tabsId}-panel`}
              data-testid={`panel-tab-${t}`}
              className={`rounded-t-lg border-b-2 px-3 py-2 text-sm font-medium ${shown === t ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
              onClick={() => setTab(t)}
            >
              {TAB_LABELS[t]}
            </button>
          ))}
        </div>
      </header>
      <div id={`${tabsId}-panel`} role="tabpanel" aria-labelledby={`${tabsId}-${shown}`} className="min-h-0 flex-1 overflow-y-auto px-4 py-4">
        {!found ? (
          <p className="text-sm text-slate-600">This step's component is not installed here; remove the step or install the component.</p>
        ) : shown === "settings" ? (
          <>
            <ConfigForm node={node} component={found.component} fn={found.fn} canChange={canChange} />
            {found.fn.polling && <ScheduleSettings canChange={canChange} />}
            {found.fn.push && (
              <p className="mt-4 rounded-md bg-slate-50 p-3 text-xs text-slate-600" data-testid="push-trigger-note">
                Runs while the flow runs: each message starts the flow as it arrives. It is confirmed to the source only once the flow has it; while the flow is stopped or suspended,
                the source keeps what comes.
              </p>
            )}
            <RuntimeSettings node={node} canChange={canChange} />
          </>
        ) : shown === "mapping" ? (
          <MappingEditor node={node} fn={found.fn} canChange={canChange} />
        ) : (
          <SamplePanel target={target} node={node} fn={found.fn} canChange={canChange} />
        )}
      </div>
      {canChange && (
        <footer className="border-t border-slate-200 px-4 py-2">
          <button type="button" className={QUIET_DANGER_BUTTON} onClick={() => apply({ type: "remove-step", id: node.id })} data-testid="remove-step">
            Remove step
          </button>
        </footer>
      )}
    </aside>
  );
}
