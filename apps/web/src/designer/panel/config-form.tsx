"use client";

import type { FlowNode } from "@interflow/flow";
import type { ComponentView, FunctionView } from "../catalog";
import { useDesigner } from "../designer-context";
import { configFieldOf, fieldsOf } from "../fields";
import { CredentialPicker } from "./credential-picker";
import { FieldInput } from "./field-input";
import { FieldShell } from "./field-shell";
import { MappingEditor } from "./mapping/mapping-editor";

/** A required field left empty (the component's schema says more once saved). */
function missing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/**
 * The step's settings, one input per field its component declares; each change is an
 * `update-config` edit. Messages at each field: required ones left empty at once, the rest from
 * the component's own validation on the server after the autosave.
 */
export function ConfigForm({ node, component, fn, canChange }: { node: FlowNode; component: ComponentView; fn: FunctionView; canChange: boolean }) {
  const { apply, checkpoint, serverIssues } = useDesigner((s) => ({ apply: s.apply, checkpoint: s.checkpoint, serverIssues: s.serverIssues }));
  const fields = fieldsOf(fn);
  const picker = component.credentials.length > 0 ? <CredentialPicker node={node} component={component} canChange={canChange} /> : null;
  if (fields.length === 0) {
    return (
      <div className="space-y-5">
        {picker}
        <p className="text-sm text-slate-600">This {fn.kind} has no settings.</p>
      </div>
    );
  }
  const errors = new Map<string, string>();
  for (const issue of serverIssues) {
    // the server's message for a field this form already calls required adds nothing
    if (issue.path.endsWith(".config") || issue.rule !== "invalid-config") continue;
    const field = issue.nodeId === node.id ? configFieldOf(issue.path) : undefined;
    if (field && !errors.has(field)) errors.set(field, issue.message.replace(/^node "[^"]+": nodes\[\d+\]\.config\.[^:]+: /, ""));
  }
  return (
    <div className="space-y-5">
    {picker}
    <form className="space-y-5" onSubmit={(e) => e.preventDefault()} aria-label={`Settings of ${node.id}`} data-testid="config-form">
      {fields.map((field) => {
        const value = node.config[field.key];
        const setValue = (next: unknown) => {
          const config = { ...node.config };
          if (next === undefined) delete config[field.key];
          else config[field.key] = next;
          apply({ type: "update-config", id: node.id, config }, { history: false });
        };
        const error = field.required && missing(value) ? "Required" : errors.get(field.key);
        return (
          <FieldShell key={field.key} field={field} error={error} stepId={node.id}>
            {(ids) =>
              field.type === "code" && field.asMapping ? (
                <MappingEditor node={node} fn={fn} canChange={canChange} target={{ source: typeof value === "string" ? value : undefined, write: setValue }} />
              ) : (
              <FieldInput
                field={field}
                ids={ids}
                value={value}
                invalid={error !== undefined}
                disabled={!canChange}
                stepId={node.id}
                onFocus={checkpoint}
                onChange={setValue}
              />
              )
            }
          </FieldShell>
        );
      })}
    </form>
    </div>
  );
}
