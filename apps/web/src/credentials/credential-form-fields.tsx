"use client";

import { useState } from "react";
import { INPUT, SECONDARY_BUTTON } from "@/components/button-styles";
import type { FieldView } from "@/designer/fields";
import { FieldShell } from "@/designer/panel/field-shell";
import { isSecret } from "./credential-kinds";

interface CredentialFormFieldsProps {
  fields: FieldView[];
  values: Record<string, unknown>;
  secrets: Record<string, string>;
  /** secret fields already stored (editing): shown masked, replaced only when typed */
  storedSecrets: Record<string, { masked: string }>;
  errors: Record<string, string>;
  onValue: (key: string, value: unknown) => void;
  onSecret: (key: string, value: string) => void;
}

/** The credential's form, generated from its kind's fields; secrets are password inputs, never prefilled. */
export function CredentialFormFields({ fields, values, secrets, storedSecrets, errors, onValue, onSecret }: CredentialFormFieldsProps) {
  // secrets made here (Generate): shown in the clear until the form is saved, to copy into the sender
  const [generated, setGenerated] = useState<Record<string, boolean>>({});
  return (
    <div className="space-y-5">
      {fields.map((field) => {
        const error = errors[field.key];
        const invalid = error ? " !border-red-400" : "";
        return (
          <FieldShell key={field.key} field={field} error={error} stepId="credential">
            {(ids) => {
              const described = [field.help?.description ? ids.description : null, error ? ids.error : null].filter(Boolean).join(" ") || undefined;
              if (isSecret(field)) {
                const stored = storedSecrets[field.key];
                if (field.type === "password" && field.generate) {
                  const shown = generated[field.key] === true && secrets[field.key] !== undefined && secrets[field.key] !== "";
                  return (
                    <div className="space-y-1.5">
                      <div className="flex gap-2">
                        <input
                          id={ids.input}
                          type={shown ? "text" : "password"}
                          autoComplete="new-password"
                          className={`${INPUT + invalid}${shown ? " font-mono text-xs" : ""}`}
                          aria-describedby={described}
                          aria-invalid={error ? true : undefined}
                          placeholder={stored ? `${stored.masked} (saved — type to replace)` : field.placeholder}
                          value={secrets[field.key] ?? ""}
                          readOnly={shown}
                          onChange={(e) => onSecret(field.key, e.target.value)}
                          data-testid={`secret-${field.key}`}
                        />
                        <button
                          type="button"
                          className={SECONDARY_BUTTON}
                          onClick={() => {
                            onSecret(field.key, randomSecret());
                            setGenerated((g) => ({ ...g, [field.key]: true }));
                          }}
                          data-testid={`generate-${field.key}`}
                        >
                          Generate
                        </button>
                        {shown && (
                          <button type="button" className={SECONDARY_BUTTON} onClick={() => void navigator.clipboard?.writeText(secrets[field.key] ?? "").catch(() => undefined)}>
                            Copy
                          </button>
                        )}
                      </div>
                      {shown && <p className="text-xs font-medium text-amber-800">Copy it into the sender now: once saved, it is never shown again.</p>}
                    </div>
                  );
                }
                return (
                  <input
                    id={ids.input}
                    type="password"
                    autoComplete="new-password"
                    className={INPUT + invalid}
                    aria-describedby={described}
                    aria-invalid={error ? true : undefined}
                    placeholder={stored ? `${stored.masked} (saved — type to replace)` : field.placeholder}
                    value={secrets[field.key] ?? ""}
                    onChange={(e) => onSecret(field.key, e.target.value)}
                  />
                );
              }
              if (field.type === "checkbox") {
                return (
                  <input
                    id={ids.input}
                    type="checkbox"
                    className="size-4 rounded border-slate-300 text-indigo-600"
                    aria-describedby={described}
                    checked={(values[field.key] ?? field.default) === true}
                    onChange={(e) => onValue(field.key, e.target.checked)}
                  />
                );
              }
              if (field.type === "select") {
                return (
                  <select id={ids.input} className={INPUT + invalid} aria-describedby={described} value={String(values[field.key] ?? field.default ?? "")} onChange={(e) => onValue(field.key, e.target.value)}>
                    {field.options.map((option) => (
                      <option key={option.value} value={option.value}>
                        {option.label}
                      </option>
                    ))}
                  </select>
                );
              }
              return (
                <input
                  id={ids.input}
                  type={field.type === "number" ? "number" : "text"}
                  autoComplete="off"
                  className={INPUT + invalid}
                  aria-describedby={described}
                  aria-invalid={error ? true : undefined}
                  placeholder={"placeholder" in field ? field.placeholder : undefined}
                  value={String(values[field.key] ?? "")}
                  onChange={(e) => onValue(field.key, field.type === "number" ? Number(e.target.value) : e.target.value)}
                />
              );
            }}
          </FieldShell>
        );
      })}
    </div>
  );
}


/** 32 random bytes as base64url: a secret nobody guesses. */
function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}
