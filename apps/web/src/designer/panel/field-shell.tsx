"use client";

import { type ReactNode, useId } from "react";
import type { FieldView } from "../fields";
import { HelpLink } from "../help-link";

export interface FieldIds {
  input: string;
  description: string;
  error: string;
}

/** A field's label, help text and link, and its message, around any input. */
export function FieldShell({
  field,
  error,
  stepId,
  children,
}: {
  field: Pick<FieldView, "key" | "label" | "required" | "help">;
  error?: string;
  /** the step the field is of (none: the flow's own settings) */
  stepId?: string;
  children: (ids: FieldIds) => ReactNode;
}) {
  const base = useId();
  const ids = { input: `${base}-input`, description: `${base}-help`, error: `${base}-error` };
  return (
    <div data-testid={`field-${field.key}`} data-step={stepId}>
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={ids.input} className="text-sm font-medium text-slate-800">
          {field.label}
          {field.required && (
            <span className="ml-1 text-red-600" aria-hidden="true">
              *
            </span>
          )}
          {field.required && <span className="sr-only"> (required)</span>}
        </label>
        {field.help?.url && <HelpLink help={field.help} label="Help" />}
      </div>
      {field.help?.description && (
        <p id={ids.description} className="mt-0.5 text-xs text-slate-500">
          {field.help.description}
        </p>
      )}
      <div className="mt-1.5">{children(ids)}</div>
      {error && (
        <p id={ids.error} className="mt-1 text-xs font-medium text-red-700" data-testid={`field-error-${field.key}`}>
          {error}
        </p>
      )}
    </div>
  );
}
