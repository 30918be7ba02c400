"use client";

import { compileExpression } from "@interflow/flow";
import { useEffect, useState } from "react";
import { evaluatePreview, type PreviewError } from "./preview-evaluator";
import type { MappingInput } from "./use-mapping-input";

export type Preview = { status: "empty" } | { status: "ok"; value: unknown } | { status: "error"; message: string; position: number | null };

/**
 * An expression evaluated on the step's input as the runner evaluates it (the same JSONata engine
 * and bindings, from packages/flow), again shortly after each keystroke — in a Web Worker with a
 * time limit (preview-evaluator.ts): a runaway expression says so and the page stays responsive.
 */
export function usePreview(expression: string, input: Pick<MappingInput, "body" | "headers" | "steps">): Preview {
  const [preview, setPreview] = useState<Preview>({ status: "empty" });
  useEffect(() => {
    if (expression.trim() === "") {
      setPreview({ status: "empty" });
      return;
    }
    const compiled = compileExpression(expression);
    if (!compiled.ok) {
      setPreview({ status: "error", message: compiled.error.message, position: compiled.error.position ?? null });
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      evaluatePreview(expression, { body: input.body, headers: input.headers, steps: input.steps })
        .then((value) => current && setPreview({ status: "ok", value }))
        .catch((error: PreviewError) => current && setPreview({ status: "error", message: error.message, position: error.position }));
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [expression, input.body, input.headers, input.steps]);
  return preview;
}

/** A preview value on one line, shortened. */
export function previewText(value: unknown, max = 160): string {
  const text = value === undefined ? "nothing" : (JSON.stringify(value) ?? "nothing");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
