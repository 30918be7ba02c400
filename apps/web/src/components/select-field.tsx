"use client";

import { type SelectHTMLAttributes, useId } from "react";
import { INPUT } from "./button-styles";

/** A labelled select, with its error (announced) below it. */
export function SelectField({
  label,
  error,
  options,
  ...select
}: { label: string; error?: string | null; options: ReadonlyArray<{ value: string; label: string }>; name: string } & SelectHTMLAttributes<HTMLSelectElement>) {
  const ids = { select: useId(), error: useId() };
  return (
    <div>
      <label htmlFor={ids.select} className="block text-sm font-medium text-slate-900">
        {label}
      </label>
      <select
        id={ids.select}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? ids.error : undefined}
        className={`mt-2 ${INPUT}`}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error && (
        <p id={ids.error} role="alert" data-testid={`${select.name}-error`} className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
