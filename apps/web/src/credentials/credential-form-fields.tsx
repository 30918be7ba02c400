"use client";

import { INPUT } from "@/components/button-styles";
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

