"use client";

import { useId, useState } from "react";
import { INPUT, SECONDARY_BUTTON } from "@/components/button-styles";

/** A sample typed (or pasted) as JSON. */
export function TypedSample({ initial, onSave }: { initial: unknown; onSave: (body: unknown) => void }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(() => (initial === undefined ? "" : JSON.stringify(initial, null, 2)));
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  if (!open) {
    return (
      <button type="button" className={SECONDARY_BUTTON} onClick={() => setOpen(true)} data-testid="type-sample">
        Type a sample
      </button>
    );
  }
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        try {
          onSave(JSON.parse(text));
          setOpen(false);
          setError(null);
        } catch (err) {
          setError(`Not JSON: ${(err as Error).message}`);
        }
      }}
    >
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        Sample (JSON)
      </label>
      <textarea
        id={id}
        rows={8}
        spellCheck={false}
        className={`${INPUT} font-mono${error ? " !border-red-400" : ""}`}
        value={text}
        aria-invalid={error !== null || undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setText(e.target.value)}
        data-testid="typed-sample"
      />
      {error && (
        <p id={`${id}-error`} className="text-xs font-medium text-red-700">
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <button type="submit" className={SECONDARY_BUTTON} data-testid="save-typed-sample">
          Use this sample
        </button>
        <button type="button" className={SECONDARY_BUTTON} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
