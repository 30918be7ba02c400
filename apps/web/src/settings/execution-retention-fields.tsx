"use client";

import { TextField } from "@/auth/text-field";
import { formatCount } from "@/flows/numbers";
import type { RouterOutputs } from "@/trpc/outputs";

type WorkspaceSettingsView = RouterOutputs["workspaces"]["get"];

/** The three fields as typed; "" is the platform default. */
export interface RetentionValues {
  retentionDays: string;
  bodyRetentionDays: string;
  rowCap: string;
}

const FIELDS = ["retentionDays", "bodyRetentionDays", "rowCap"] as const;

export function retentionValuesOf(workspace: WorkspaceSettingsView): RetentionValues {
  return {
    retentionDays: workspace.executions.retentionDays?.toString() ?? "",
    bodyRetentionDays: workspace.executions.bodyRetentionDays?.toString() ?? "",
    rowCap: workspace.executions.rowCap?.toString() ?? "",
  };
}

/**
 * The fields as `workspaces.update` takes them (null: the platform default), or the fields that
 * are not whole numbers (by the API's name for them). The ranges are the API's to check: its
 * refusal names the field and is shown there.
 */
export function retentionInputOf(values: RetentionValues): { input: Record<(typeof FIELDS)[number], number | null> } | { errors: Record<string, string> } {
  const input = {} as Record<(typeof FIELDS)[number], number | null>;
  const errors: Record<string, string> = {};
  for (const field of FIELDS) {
    const text = values[field].trim();
    const value = text === "" ? null : Number(text);
    if (value !== null && !Number.isInteger(value)) errors[`executions.${field}`] = "A whole number, or empty for the platform default.";
    input[field] = value;
  }
  return Object.keys(errors).length > 0 ? { errors } : { input };
}

interface RetentionFieldsProps {
  workspace: WorkspaceSettingsView;
  values: RetentionValues;
  onChange: (next: RetentionValues) => void;
  /** by the API's field name ("executions.rowCap") */
  errors: Record<string, string | undefined>;
  readOnly: boolean;
}

/** How long executions and their bodies are kept, and how many at most; how many the cap removed. */
export function ExecutionRetentionFields({ workspace, values, onChange, errors, readOnly }: RetentionFieldsProps) {
  const defaults = workspace.executionDefaults;
  const field = (name: (typeof FIELDS)[number], label: string, placeholder: string, hint?: string) => (
    <TextField
      label={label}
      name={`executions.${name}`}
      type="number"
      inputMode="numeric"
      step={1}
      placeholder={placeholder}
      value={values[name]}
      disabled={readOnly}
      error={errors[`executions.${name}`]}
      hint={hint}
      onChange={(e) => onChange({ ...values, [name]: e.target.value })}
    />
  );
  return (
    <fieldset className="p-6" data-testid="execution-retention">
      <legend className="float-left text-sm font-medium text-slate-900">Executions</legend>
      <p className="clear-left pt-1 text-sm text-slate-500">
        What is kept of what happened to each message: the executions and failed messages, and the bodies of successful ones (failures keep theirs as long as
        the execution). Leave a field empty for the platform default (shown in it).
      </p>
      <div className="mt-4 grid gap-6 sm:grid-cols-3">
        {field("retentionDays", "Keep executions (days)", `${defaults.retentionDays} (default)`)}
        {field("bodyRetentionDays", "Keep bodies (days)", `${defaults.bodyRetentionDays} (default)`, "0: bodies of successful executions are not kept.")}
        {field("rowCap", "At most (executions)", `${defaults.rowCap.toLocaleString("en-US")} (default)`, "The oldest go first.")}
      </div>
      {workspace.executions.trimmed > 0 && (
        <p className="mt-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="executions-trimmed">
          {formatCount(workspace.executions.trimmed)} {workspace.executions.trimmed === 1 ? "execution" : "executions"} removed by the row cap.
        </p>
      )}
    </fieldset>
  );
}
