"use client";

import type { FlowNode } from "@interflow/flow";
import { useState } from "react";
import { INPUT } from "@/components/button-styles";
import { useDesigner } from "../designer-context";
import { FieldShell } from "./field-shell";

type Key = "replicas" | "concurrency" | "memoryMb" | "cpus";

const FIELDS: Array<{ key: Key; label: string; description: string; min: number; max: number; whole: boolean; placeholder: string }> = [
  { key: "replicas", label: "Replicas", description: "Instances of this step side by side, sharing its queue. Change it while the flow runs on the flow's page.", min: 1, max: 10, whole: true, placeholder: "1" },
  { key: "concurrency", label: "Messages at once per replica", description: "How many messages each replica works on at the same time (prefetch).", min: 1, max: 1000, whole: true, placeholder: "50" },
  { key: "memoryMb", label: "Memory per replica (MiB)", description: "In a container: past it the replica is stopped as out of memory, and the flow's page says so.", min: 32, max: 16_384, whole: true, placeholder: "256" },
  { key: "cpus", label: "CPUs per replica", description: "In a container: a share of the machine's cores (0.5 is half a core).", min: 0.05, max: 16, whole: false, placeholder: "1" },
];

const currentOf = (node: FlowNode): Record<Key, number | undefined> => ({
  replicas: node.replicas,
  concurrency: node.concurrency,
  memoryMb: node.resources?.memoryMb,
  cpus: node.resources?.cpus,
});

/**
 * How the step runs: its replicas, how many messages each takes at once, and what each may use in
 * a container. Empty means the platform's default (shown as the placeholder).
 */
export function RuntimeSettings({ node, canChange }: { node: FlowNode; canChange: boolean }) {
  const apply = useDesigner((s) => s.apply);
  const current = currentOf(node);
  const [typed, setTyped] = useState<Partial<Record<Key, string>>>({});
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});

  const commit = (field: (typeof FIELDS)[number], text: string) => {
    const trimmed = text.trim();
    const value = trimmed === "" ? undefined : Number(trimmed);
    if (value !== undefined && (!Number.isFinite(value) || value < field.min || value > field.max || (field.whole && !Number.isInteger(value)))) {
      setErrors((e) => ({ ...e, [field.key]: `${field.whole ? "A whole number" : "A number"} from ${field.min} to ${field.max}, or empty for the default` }));
      return;
    }
    setErrors(({ [field.key]: _gone, ...rest }) => rest);
    setTyped(({ [field.key]: _gone, ...rest }) => rest);
    if (value !== current[field.key]) apply({ type: "set-runtime", id: node.id, ...current, [field.key]: value });
  };

  return (
    <details className="mt-6 rounded-lg border border-slate-200 px-3 py-2" data-testid="runtime-settings" open={Object.values(current).some((v) => v !== undefined) || undefined}>
      <summary className="cursor-pointer text-sm font-medium text-slate-800">Replicas and limits</summary>
      <div className="mt-3 space-y-4 pb-2">
        {FIELDS.map((field) => (
          <FieldShell key={field.key} field={{ key: field.key, label: field.label, required: false, help: { description: field.description, url: null } }} error={errors[field.key]} stepId={node.id}>
            {(ids) => (
              <input
                id={ids.input}
                type="number"
                inputMode="decimal"
                min={field.min}
                max={field.max}
                step={field.whole ? 1 : 0.05}
                className={`${INPUT}${errors[field.key] ? " !border-red-400" : ""}`}
                placeholder={`${field.placeholder} (default)`}
                disabled={!canChange}
                value={typed[field.key] ?? (current[field.key] === undefined ? "" : String(current[field.key]))}
                aria-describedby={errors[field.key] ? `${ids.description} ${ids.error}` : ids.description}
                aria-invalid={errors[field.key] ? true : undefined}
                onChange={(e) => setTyped((t) => ({ ...t, [field.key]: e.target.value }))}
                onBlur={(e) => commit(field, e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") commit(field, e.currentTarget.value);
                }}
              />
            )}
          </FieldShell>
        ))}
      </div>
    </details>
  );
}
