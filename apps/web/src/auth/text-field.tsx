"use client";

import { type InputHTMLAttributes, useId } from "react";

/** A labelled input whose error is shown (and announced) at the field itself. */
export function TextField({
  label,
  error,
  hint,
  ...input
}: { label: string; error?: string | null; hint?: string; name: string } & InputHTMLAttributes<HTMLInputElement>) {
  const ids = { input: useId(), error: useId(), hint: useId() };
  const describedBy = [error ? ids.error : null, hint ? ids.hint : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={ids.input} className="block text-sm font-medium text-slate-900">
        {label}
      </label>
      <input
        id={ids.input}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={`mt-2 block w-full rounded-lg border bg-white px-3 py-2 text-sm text-slate-900 shadow-xs outline-none focus:ring-4 ${
          error ? "border-red-400 focus:border-red-500 focus:ring-red-500/15" : "border-slate-300 focus:border-indigo-500 focus:ring-indigo-500/15"
        }`}
        {...input}
      />
      {error && (
        <p id={ids.error} role="alert" data-testid={`${input.name}-error`} className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
      {hint && (
        <p id={ids.hint} className="mt-2 text-sm text-slate-500">
          {hint}
        </p>
      )}
    </div>
  );
}
