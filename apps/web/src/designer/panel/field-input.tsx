"use client";

import { useEffect, useState } from "react";
import { INPUT } from "@/components/button-styles";
import type { FieldView } from "../fields";
import { DynamicSelect } from "./dynamic-select";
import { ExpressionInput } from "./mapping/expression-input";
import type { FieldIds } from "./field-shell";
import { KeyValueInput } from "./key-value-input";

interface FieldInputProps {
  field: FieldView;
  ids: FieldIds;
  value: unknown;
  invalid: boolean;
  disabled: boolean;
  stepId: string;
  onChange: (value: unknown) => void;
  onFocus: () => void;
}

/** The input for one field type, labelled by the shell around it. */
export function FieldInput({ field, ids, value, invalid, disabled, stepId, onChange, onFocus }: FieldInputProps) {
  const described = [field.help?.description ? ids.description : null, invalid ? ids.error : null].filter(Boolean).join(" ") || undefined;
  const common = { id: ids.input, "aria-describedby": described, "aria-invalid": invalid || undefined, disabled, onFocus };
  const text = typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
  const invalidRing = invalid ? " !border-red-400" : "";
  switch (field.type) {
    case "text":
    case "password":
      return <input {...common} type={field.type} className={INPUT + invalidRing} placeholder={field.placeholder} value={text} autoComplete="off" onChange={(e) => onChange(e.target.value)} />;
    case "textarea":
      return <textarea {...common} rows={4} className={INPUT + invalidRing} placeholder={field.placeholder} value={text} onChange={(e) => onChange(e.target.value)} />;
    case "number":
      return (
        <div className="flex items-center gap-2">
          <input
            {...common}
            type="number"
            className={INPUT + invalidRing}
            min={field.min}
            max={field.max}
            placeholder={field.placeholder}
            value={typeof value === "number" ? value : ""}
            onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
          />
          {field.unit && <span className="text-sm text-slate-500">{field.unit}</span>}
        </div>
      );
    case "checkbox":
      return (
        <input {...common} type="checkbox" className="size-4 rounded border-slate-300 text-indigo-600" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
      );
    case "select":
      return (
        <select {...common} className={INPUT + invalidRing} value={text} onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}>
          {!field.required && <option value="">—</option>}
          {field.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      );
    case "multiselect": {
      // not set: what the component takes then (its default), not an empty choice
      const chosen = Array.isArray(value) ? (value as string[]) : (field.default ?? []);
      return (
        <fieldset id={ids.input} aria-describedby={described} className="space-y-1">
          {field.options.map((option) => (
            <label key={option.value} className="flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                disabled={disabled}
                onFocus={onFocus}
                className="size-4 rounded border-slate-300"
                checked={chosen.includes(option.value)}
                onChange={(e) => onChange(e.target.checked ? [...chosen, option.value] : chosen.filter((v) => v !== option.value))}
              />
              {option.label}
            </label>
          ))}
        </fieldset>
      );
    }
    case "dynamic-select":
      return <DynamicSelect field={field} common={common} value={text} invalid={invalid} stepId={stepId} onChange={onChange} />;
    case "json":
      return <JsonInput common={common} value={value} invalid={invalid} onChange={onChange} />;
    case "code":
      return field.language === "jsonata" ? (
        <ExpressionInput inputId={ids.input} describedBy={described} stepId={stepId} value={text} disabled={disabled} multiline testId={`config-${field.key}`} onFocus={onFocus} onChange={(next) => onChange(next)} />
      ) : (
        <textarea {...common} rows={6} spellCheck={false} className={`${INPUT} font-mono${invalidRing}`} placeholder={field.placeholder} value={text} onChange={(e) => onChange(e.target.value)} />
      );
    case "key-value":
      return <KeyValueInput id={ids.input} describedBy={described} value={value} disabled={disabled} onFocus={onFocus} onChange={onChange} label={field.label} />;
    default: {
      const unknown: never = field;
      return <p className="text-sm text-slate-500">Unsupported field {JSON.stringify(unknown)}</p>;
    }
  }
}

/** JSON typed as text: kept as typed while it does not parse, with the parser's message. */
function JsonInput({ common, value, invalid, onChange }: { common: Record<string, unknown>; value: unknown; invalid: boolean; onChange: (value: unknown) => void }) {
  const [textValue, setText] = useState(() => (value === undefined ? "" : JSON.stringify(value, null, 2)));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText((current) => {
      try {
        return JSON.stringify(JSON.parse(current)) === JSON.stringify(value) ? current : value === undefined ? "" : JSON.stringify(value, null, 2);
      } catch {
        return current;
      }
    });
  }, [value]);
  return (
    <>
      <textarea
        {...common}
        rows={6}
        spellCheck={false}
        className={`${INPUT} font-mono${invalid || error ? " !border-red-400" : ""}`}
        value={textValue}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === "") {
            setError(null);
            onChange(undefined);
            return;
          }
          try {
            onChange(JSON.parse(e.target.value));
            setError(null);
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      />
      {error && <p className="mt-1 text-xs font-medium text-red-700">Not JSON yet: {error}</p>}
    </>
  );
}
