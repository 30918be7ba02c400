"use client";

import { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { INPUT } from "@/components/button-styles";
import { suggestionsFor, tokenBefore } from "./autocomplete";
import { PreviewLine } from "./preview-line";
import { useMappingInput } from "./use-mapping-input";
import { usePreview } from "./use-preview";

interface ExpressionInputProps {
  inputId?: string;
  /** names the input when no <label> does */
  label?: string;
  describedBy?: string;
  stepId: string;
  value: string;
  disabled: boolean;
  multiline?: boolean;
  placeholder?: string;
  testId?: string;
  onFocus?: () => void;
  onChange: (value: string) => void;
}

/**
 * A JSONata expression with autocomplete of the fields of earlier steps' samples (arrows, Enter or
 * Tab to take one, Escape to close), a field dragged from the list dropped in, and the value on
 * the sample (or the error) under it as you type.
 */
export function ExpressionInput({ inputId, label, describedBy, stepId, value, disabled, multiline = false, placeholder, testId, onFocus, onChange }: ExpressionInputProps) {
  const input = useMappingInput(stepId);
  const preview = usePreview(value, input);
  const [open, setOpen] = useState(false);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [forced, setForced] = useState(false);
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const listId = useId();
  const { start, token } = tokenBefore(value, caret);
  // offered while a path is being typed, in an empty input, or on Ctrl+Space
  const suggestions = open && (token !== "" || value.trim() === "" || forced) ? suggestionsFor(input.paths, token) : [];
  const current = suggestions[Math.min(active, suggestions.length - 1)];
  const list = useRef<HTMLDivElement>(null);
  const shown = suggestions.length > 0;
  // a list opening at the bottom of the panel scrolls into view
  useEffect(() => {
    if (shown) list.current?.scrollIntoView({ block: "nearest" });
  }, [shown]);

  // where the caret goes once the value with a taken suggestion is rendered: set in the same
  // commit, before the next keystroke is handled (a later frame would move it behind what was typed)
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    const at = pendingCaret.current;
    if (at === null || !ref.current || ref.current.value !== value) return;
    pendingCaret.current = null;
    ref.current.setSelectionRange(at, at);
    setCaret(at);
  }, [value]);

  const take = (path: string) => {
    const next = value.slice(0, start) + path + value.slice(caret);
    pendingCaret.current = start + path.length;
    onChange(next);
    setOpen(false);
    setForced(false);
  };

  const props = {
    ref,
    id: inputId,
    "aria-label": label,
    "aria-describedby": describedBy,
    "aria-invalid": preview.status === "error" || undefined,
    role: "combobox",
    "aria-autocomplete": "list" as const,
    "aria-expanded": suggestions.length > 0,
    "aria-controls": listId,
    "aria-activedescendant": current ? `${listId}-${suggestions.indexOf(current)}` : undefined,
    "data-testid": testId,
    disabled,
    placeholder: placeholder ?? "e.g. customer.name",
    spellCheck: false,
    autoComplete: "off",
    value,
    className: `${INPUT} font-mono${preview.status === "error" ? " !border-red-400" : ""}`,
    onFocus: () => {
      onFocus?.();
      setOpen(true);
    },
    onBlur: () => setOpen(false),
    onSelect: (e: React.SyntheticEvent<HTMLInputElement | HTMLTextAreaElement>) => setCaret(e.currentTarget.selectionStart ?? 0),
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      onChange(e.target.value);
      setCaret(e.target.selectionStart ?? e.target.value.length);
      setActive(0);
      setForced(false);
      setOpen(true);
    },
    onKeyDown: (e: React.KeyboardEvent) => {
      if (suggestions.length === 0) {
        if (e.key === " " && e.ctrlKey) {
          setOpen(true);
          setForced(true);
          e.preventDefault();
        }
        return;
      }
      if (e.key === "ArrowDown") setActive((i) => (i + 1) % suggestions.length);
      else if (e.key === "ArrowUp") setActive((i) => (i - 1 + suggestions.length) % suggestions.length);
      else if ((e.key === "Enter" || e.key === "Tab") && current) take(current.path);
      else if (e.key === "Escape") setOpen(false);
      else return;
      e.preventDefault();
      e.stopPropagation();
    },
  };

  return (
    <div className="relative">
      {multiline ? <textarea {...props} rows={5} /> : <input {...props} type="text" />}
      {suggestions.length > 0 && (
        <div ref={list} id={listId} role="listbox" aria-label="Fields of the sample" className="absolute z-30 mt-1 max-h-60 w-full overflow-y-auto rounded-lg border border-slate-200 bg-white py-1 shadow-lg" data-testid="autocomplete">
          {suggestions.map((suggestion, index) => (
            <div
              key={suggestion.path}
              id={`${listId}-${index}`}
              role="option"
              tabIndex={-1}
              aria-selected={suggestion === current}
              className={`flex cursor-pointer items-baseline justify-between gap-3 px-3 py-1.5 text-xs ${suggestion === current ? "bg-indigo-50" : "hover:bg-slate-50"}`}
              onMouseDown={(e) => {
                e.preventDefault();
                take(suggestion.path);
              }}
            >
              <span className="font-mono text-slate-900">{suggestion.path}</span>
              <span className="truncate text-slate-500">{suggestion.example}</span>
            </div>
          ))}
        </div>
      )}
      <PreviewLine preview={preview} testId={testId} noSample={!input.previous} />
    </div>
  );
}
