"use client";

import { jsonataTruth } from "@interflow/flow";
import { useId } from "react";
import { QUIET_DANGER_BUTTON } from "@/components/button-styles";
import { useDesigner } from "../designer-context";
import { HelpLink } from "../help-link";
import { issueText, shownIssues } from "../step-issues";
import { ExpressionInput } from "./mapping/expression-input";
import { useMappingInput } from "./mapping/use-mapping-input";
import { usePreview } from "./mapping/use-preview";

type When = "always" | "condition" | "otherwise";

const CONDITIONS_HELP = {
  description: "A condition is JSONata over the message the step sends (its body; $headers and $steps.<stepId> as in a mapping). It holds when its value is true, a non-empty text, a number other than 0, or a non-empty list or object.",
  url: "https://docs.jsonata.org/boolean-functions#boolean",
};

/** The selected connection: which messages it lets through (every one, a condition's, or what no other took) and how its step chooses among its connections. */
export function ConnectionPanel({ canChange }: { canChange: boolean }) {
  const selected = useDesigner((s) => s.selectedConnection);
  return selected ? <LoadedConnectionPanel key={`${selected.source}->${selected.target}`} source={selected.source} target={selected.target} canChange={canChange} /> : null;
}

function LoadedConnectionPanel({ source, target, canChange }: { source: string; target: string; canChange: boolean }) {
  const { edges, routing, graphIssues, serverIssues, apply, checkpoint, selectConnection, select } = useDesigner((s) => ({
    edges: s.document.edges,
    routing: s.document.nodes.find((n) => n.id === source)?.routing ?? "all",
    graphIssues: s.issues,
    serverIssues: s.serverIssues,
    apply: s.apply,
    checkpoint: s.checkpoint,
    selectConnection: s.selectConnection,
    select: s.select,
  }));
  const index = edges.findIndex((e) => e.source === source && e.target === target);
  const edge = edges[index];
  const siblings = edges.filter((e) => e.source === source);
  const whenId = useId();
  const conditionId = useId();
  const input = useMappingInput(target);
  const condition = edge?.condition ?? "";
  const preview = usePreview(condition, input);
  if (!edge) return null;
  const when: When = edge.otherwise ? "otherwise" : edge.condition !== undefined ? "condition" : "always";
  const issues = shownIssues({ issues: graphIssues, serverIssues }).filter((issue) => issue.path === `edges[${index}]` || issue.path.startsWith(`edges[${index}].`));
  const conditional = siblings.some((e) => e.condition !== undefined);
  const ordered = siblings.filter((e) => !e.otherwise);
  const set = (next: When, text = condition) => apply({ type: "set-connection", source, target, when: next, ...(next === "condition" ? { condition: text } : {}) });
  const noSample = input.previous === undefined;

  return (
    <aside aria-label={`Connection from ${source} to ${target}`} className="flex w-[28rem] shrink-0 flex-col border-l border-slate-200 bg-white" data-testid="connection-panel">
      <header className="border-b border-slate-200 px-4 py-3">
        <div className="flex items-start gap-3">
          <div className="min-w-0 flex-1">
            <h2 className="text-sm font-semibold text-slate-900">Connection</h2>
            <p className="font-mono text-xs text-slate-500">
              <button type="button" className="hover:text-indigo-700 hover:underline" onClick={() => select(source)}>
                {source}
              </button>
              {" → "}
              <button type="button" className="hover:text-indigo-700 hover:underline" onClick={() => select(target)}>
                {target}
              </button>
            </p>
          </div>
          <button type="button" className="rounded-md px-2 py-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900" aria-label="Close the panel" onClick={() => selectConnection(null)}>
            ✕
          </button>
        </div>
        <p className="mt-2 text-xs text-slate-600">
          Decides which of the messages <span className="font-mono">{source}</span> sends go on to <span className="font-mono">{target}</span>. A message that no connection
          takes ends there, counted as <em>filtered</em> on the flow's page.
        </p>
        {issues.length > 0 && (
          <ul role="alert" className="mt-3 space-y-1 rounded-lg bg-red-50 px-3 py-2 text-xs text-red-800" data-testid="connection-issues">
            {issues.map((issue) => (
              <li key={`${issue.path}:${issue.message}`}>{issueText(issue)}</li>
            ))}
          </ul>
        )}
      </header>
      <div className="min-h-0 flex-1 space-y-5 overflow-y-auto px-4 py-4">
        <fieldset>
          <legend id={whenId} className="text-sm font-medium text-slate-900">
            Which messages go this way
          </legend>
          <div className="mt-2 space-y-1.5 text-sm text-slate-800">
            {(
              [
                ["always", "Every message"],
                ["condition", "Messages for which a condition holds"],
                ["otherwise", `Otherwise: messages no other connection of ${source} took`],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="flex items-center gap-2">
                <input type="radio" name={whenId} value={value} checked={when === value} disabled={!canChange} onChange={() => set(value)} data-testid={`connection-when-${value}`} />
                {label}
              </label>
            ))}
          </div>
        </fieldset>

        {when === "condition" && (
          <div>
            <label htmlFor={conditionId} className="text-sm font-medium text-slate-900">
              Condition
            </label>
            <div className="mt-1">
              <ExpressionInput
                inputId={conditionId}
                stepId={target}
                value={condition}
                disabled={!canChange}
                placeholder='e.g. total > 1000 and country = "DE"'
                testId="connection-condition"
                onFocus={checkpoint}
                onChange={(next) => apply({ type: "set-connection", source, target, when: "condition", condition: next }, { history: false })}
              />
            </div>
            {preview.status === "ok" && (
              <p className={`mt-1 text-xs ${noSample ? "text-slate-500" : jsonataTruth(preview.value) ? "text-emerald-800" : "text-amber-800"}`} data-testid="connection-condition-verdict">
                {noSample
                  ? `No sample of ${source} yet: retrieve one on its Sample tab to see where it goes.`
                  : jsonataTruth(preview.value)
                    ? `Holds on ${source}'s sample: it goes to ${target}.`
                    : `Does not hold on ${source}'s sample: it does not go to ${target} this way.`}
              </p>
            )}
            <p className="mt-2 text-xs text-slate-500">
              {CONDITIONS_HELP.description} <HelpLink help={CONDITIONS_HELP} label="JSONata's truth ($boolean)" />
            </p>
          </div>
        )}

        {conditional && ordered.length > 1 && (
          <fieldset data-testid="connection-routing">
            <legend className="text-sm font-medium text-slate-900">When several of {source}'s conditions hold</legend>
            <div className="mt-2 space-y-1.5 text-sm text-slate-800">
              <label className="flex items-center gap-2">
                <input type="radio" name={`${whenId}-routing`} checked={routing === "all"} disabled={!canChange} onChange={() => apply({ type: "set-routing", id: source, routing: "all" })} data-testid="routing-all" />
                Send it along every connection whose condition holds
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name={`${whenId}-routing`} checked={routing === "first"} disabled={!canChange} onChange={() => apply({ type: "set-routing", id: source, routing: "first" })} data-testid="routing-first" />
                Only along the first that holds, in this order:
              </label>
            </div>
            <ol className="mt-2 space-y-1" aria-label={`Connections of ${source} in order`}>
              {ordered.map((e, i) => (
                <li key={e.target} className={`flex items-center gap-2 rounded-md px-2 py-1 text-xs ${e.target === target ? "bg-indigo-50" : "bg-slate-50"}`} data-testid="connection-order-item">
                  <span className="w-4 text-right font-semibold text-slate-400">{i + 1}.</span>
                  <span className="font-mono text-slate-900">{e.target}</span>
                  <span className="min-w-0 flex-1 truncate font-mono text-slate-500">{e.condition ?? "every message"}</span>
                  {canChange && (
                    <span className="flex gap-0.5">
                      <button type="button" className="rounded px-1 text-slate-500 hover:bg-white disabled:opacity-30" disabled={i === 0} aria-label={`Move ${e.target} up`} onClick={() => apply({ type: "move-connection", source, target: e.target, by: -1 })}>
                        ↑
                      </button>
                      <button
                        type="button"
                        className="rounded px-1 text-slate-500 hover:bg-white disabled:opacity-30"
                        disabled={i === ordered.length - 1}
                        aria-label={`Move ${e.target} down`}
                        onClick={() => apply({ type: "move-connection", source, target: e.target, by: 1 })}
                      >
                        ↓
                      </button>
                    </span>
                  )}
                </li>
              ))}
            </ol>
          </fieldset>
        )}

        {canChange && (
          <button
            type="button"
            className={QUIET_DANGER_BUTTON}
            onClick={() => {
              apply({ type: "disconnect", source, target });
              selectConnection(null);
            }}
            data-testid="remove-connection"
          >
            Remove this connection
          </button>
        )}
      </div>
    </aside>
  );
}
