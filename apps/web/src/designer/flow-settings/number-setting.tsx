"use client";

import { useState } from "react";
import { INPUT } from "@/components/button-styles";
import { FieldShell } from "../panel/field-shell";

interface NumberSettingProps {
  /** the field's test id is `field-<key>`, its message's `field-error-<key>` */
  testKey: string;
  label: string;
  description?: string;
  /** the flow's value, in the unit shown (undefined: not set) */
  value: number | undefined;
  /** what applies when it is empty (the workspace's or the platform's) */
  placeholder: string;
  step: number;
  min: number;
  max?: number;
  /** what is wrong with the flow's value, from the validation (the designer's and the server's) */
  issue: string | undefined;
  disabled: boolean;
  /** applies the value typed (undefined: empty); answers why it was refused, or null */
  onCommit: (value: number | undefined) => string | null;
}

/**
 * A number of the flow's settings: applied when the person leaves the field or presses Enter. A
 * value refused is said at the field and not kept (the flow's value stays); empty is the default.
 */
export function NumberSetting({ testKey, label, description, value, placeholder, step, min, max, issue, disabled, onCommit }: NumberSettingProps) {
  const [typed, setTyped] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const error = refusal ?? issue;

  const commit = (text: string) => {
    const trimmed = text.trim();
    const why = onCommit(trimmed === "" ? undefined : Number(trimmed));
    setRefusal(why);
    if (why === null) setTyped(null);
  };

  return (
    <FieldShell field={{ key: testKey, label, required: false, help: description ? { description, url: null } : null }} error={error}>
      {(ids) => (
        <input
          id={ids.input}
          type="number"
          inputMode={Number.isInteger(step) ? "numeric" : "decimal"}
          min={min}
          max={max}
          step={step}
          className={`${INPUT}${error ? " !border-red-400" : ""}`}
          placeholder={placeholder}
          disabled={disabled}
          value={typed ?? (value === undefined ? "" : String(value))}
          aria-describedby={[description ? ids.description : null, error ? ids.error : null].filter(Boolean).join(" ") || undefined}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setTyped(e.target.value)}
          onBlur={(e) => {
            if (typed !== null) commit(e.target.value);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") commit(e.currentTarget.value);
          }}
        />
      )}
    </FieldShell>
  );
}
