"use client";

import { composeFieldMapping, type FieldMappingRow, type FlowNode, parseFieldMapping } from "@interflow/flow";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { INPUT, SECONDARY_BUTTON } from "@/components/button-styles";
import type { FunctionView } from "../../catalog";
import { useDesigner } from "../../designer-context";
import type { InputFieldView } from "../../fields";
import { HelpLink } from "../../help-link";
import { ExpressionInput } from "./expression-input";
import { SampleFields } from "./sample-fields";
import { useMappingInput } from "./use-mapping-input";

/** The last segment of a path as a field name: `customer.name` → `name`. */
function keyOf(path: string): string {
  return (path.split(".").at(-1) ?? path).replace(/`/g, "");
}

/**
 * What the step receives: each input field mapped with a JSONata expression over the previous
 * step's sample (and `$steps.<id>` of earlier ones), previewed as you type. Developer mode edits
 * the whole mapping as one JSONata expression. Without a mapping the step receives the previous
 * step's output as it is.
 */
export function MappingEditor({
  node,
  fn,
  canChange,
  target,
}: {
  node: FlowNode;
  fn: FunctionView;
  canChange: boolean;
  /**
   * what the rows edit, when not the step's mapping: a setting whose JSONata is what the step emits
   * (transform's expression); its input fields are not the component's declared input then
   */
  target?: { source: string | undefined; write: (next: string | undefined) => void };
}) {
  const { apply, checkpoint, select } = useDesigner((s) => ({ apply: s.apply, checkpoint: s.checkpoint, select: s.select }));
  const input = useMappingInput(node.id);
  const ofSetting = target !== undefined;
  const declared = useMemo(() => (ofSetting ? [] : ((fn.input?.fields ?? []) as InputFieldView[])), [fn, ofSetting]);
  const additional = target || !fn.input ? true : fn.input.additional;
  const source = target ? target.source : node.mapping;
  const setSource = (next: string | undefined) => (target ? target.write(next) : apply({ type: "set-mapping", id: node.id, mapping: next }, { history: false }));
  const parsed = parseFieldMapping(source);
  const [developer, setDeveloper] = useState(parsed === undefined);
  const [rows, setRows] = useState<FieldMappingRow[]>(() => withDeclared(parsed ?? [], declared));
  const [focused, setFocused] = useState<number | null>(null);
  const devId = useId();

  // the mapping these rows wrote last: anything else came from elsewhere (undo, developer mode)
  const written = useRef(source);
  useEffect(() => {
    if (source === written.current) return;
    written.current = source;
    const again = parseFieldMapping(source);
    if (again === undefined) setDeveloper(true);
    else setRows(withDeclared(again, declared));
  }, [source, declared]);

  const write = (next: FieldMappingRow[]) => {
    setRows(next);
    written.current = composeFieldMapping(next);
    setSource(written.current);
  };
  /** a field pressed in the list: into the value being edited when it is empty, else as a new field named after it */
  const insert = (path: string) => {
    const target = focused !== null && rows[focused]?.expression.trim() === "" ? focused : rows.findIndex((r) => r.expression.trim() === "" && r.key === "");
    setFocused(null);
    if (target >= 0) write(rows.map((r, i) => (i === target ? { key: r.key || keyOf(path), expression: path } : r)));
    else if (additional) write([...rows, { key: keyOf(path), expression: path }]);
  };

  return (
    <div className="space-y-5" data-testid="mapping-editor">
      {fn.input?.help && (
        <p className="text-xs text-slate-600">
          {fn.input.help.description} <HelpLink help={fn.input.help} label="Help" />
        </p>
      )}
      {!input.previousId ? (
        <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">Connect a step before this one: the mapping works on its output.</p>
      ) : !input.previous ? (
        <div className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="mapping-no-sample">
          <p>
            No sample from <span className="font-mono">{input.previousId}</span> yet: map against real data by getting one first.
          </p>
          <button type="button" className="mt-1 font-medium text-amber-900 underline" onClick={() => select(input.previousId ?? null)}>
            Open {input.previousId}
          </button>
        </div>
      ) : (
        <SampleFields input={input} onPick={canChange ? insert : undefined} />
      )}

      <div className="flex items-center justify-between">
        <h3 className="text-sm font-semibold text-slate-900">{developer ? (target ? "Expression (JSONata)" : "Mapping (JSONata)") : target ? "Fields it emits" : "Fields it receives"}</h3>
        <label htmlFor={devId} className="flex items-center gap-2 text-xs text-slate-600">
          <input
            id={devId}
            type="checkbox"
            className="size-4 rounded border-slate-300"
            checked={developer}
            disabled={developer && parsed === undefined}
            title={developer && parsed === undefined ? "This mapping is not a list of fields; edit it as one expression" : undefined}
            onChange={(e) => setDeveloper(e.target.checked)}
            data-testid="developer-mode"
          />
          Developer mode
        </label>
      </div>

      {developer ? (
        <div>
          <ExpressionInput
            label="Mapping"
            stepId={node.id}
            value={source ?? ""}
            disabled={!canChange}
            multiline
            placeholder='{ "id": order.id }'
            testId="mapping-expression"
            onFocus={checkpoint}
            onChange={(value) => setSource(value.trim() === "" ? undefined : value)}
          />
          <p className="mt-2 text-xs text-slate-500">
            {target ? "The result is the message this step emits." : "The result is the message body this step receives. Empty: it receives the previous step's output unchanged."}
          </p>
        </div>
      ) : (
        <div className="space-y-4">
          {rows.length === 0 && (
            <p className="text-sm text-slate-500">{target ? "No fields yet: add the fields the step emits." : "No fields mapped: the step receives the previous step's output unchanged."}</p>
          )}
          {rows.map((row, index) => {
            const spec = declared.find((d) => d.key === row.key);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: a row is a position; its key is edited in place
              <div key={index} className="rounded-lg border border-slate-200 p-3" data-testid={`mapping-row-${index}`}>
                <div className="flex items-center gap-2">
                  {spec ? (
                    <span className="text-sm font-medium text-slate-800">
                      {spec.label}
                      {spec.required && <span className="ml-1 text-red-600">*</span>}
                      <span className="ml-2 text-xs font-normal text-slate-500">{spec.type}</span>
                    </span>
                  ) : (
                    <input
                      className={`${INPUT} !py-1 font-mono`}
                      aria-label={`Name of field ${index + 1}`}
                      placeholder="field name"
                      value={row.key}
                      disabled={!canChange}
                      onFocus={checkpoint}
                      onChange={(e) => write(rows.map((r, i) => (i === index ? { ...r, key: e.target.value } : r)))}
                      data-testid={`mapping-key-${index}`}
                    />
                  )}
                  {canChange && !spec && (
                    <button type="button" className="rounded-md px-2 py-1 text-slate-500 hover:bg-slate-100" aria-label={`Remove field ${row.key || index + 1}`} onClick={() => write(rows.filter((_, i) => i !== index))}>
                      ✕
                    </button>
                  )}
                </div>
                <div className="mt-2">
                  <ExpressionInput
                    label={`Value of ${row.key || `field ${index + 1}`}`}
                    stepId={node.id}
                    value={row.expression}
                    disabled={!canChange}
                    testId={`mapping-value-${index}`}
                    onFocus={() => {
                      setFocused(index);
                      checkpoint();
                    }}
                    onChange={(value) => write(rows.map((r, i) => (i === index ? { ...r, expression: value } : r)))}
                  />
                </div>
                {spec?.help && <p className="mt-1 text-xs text-slate-500">{spec.help.description}</p>}
              </div>
            );
          })}
          {canChange && additional && (
            <button type="button" className={SECONDARY_BUTTON} onClick={() => write([...rows, { key: "", expression: "" }])} data-testid="add-mapping-field">
              Add field
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** The declared input fields first (mapped or not), then the person's own. */
function withDeclared(rows: FieldMappingRow[], declared: InputFieldView[]): FieldMappingRow[] {
  const own = rows.filter((row) => !declared.some((d) => d.key === row.key));
  return [...declared.map((d) => rows.find((row) => row.key === d.key) ?? { key: d.key, expression: "" }), ...own];
}
