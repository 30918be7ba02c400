import { compileExpression } from "@interflow/flow";
import type { StepContext } from "@interflow/sdk";
import { z } from "zod";

/** A config field holding JSONata: required, compiled when the config is parsed (a flow with a broken one is refused at save). */
export function jsonataField(what = "a JSONata expression") {
  return z
    .string({ error: `must be ${what}` })
    .trim()
    .min(1, "must not be empty")
    .superRefine((source, ctx) => {
      if (source === "") return;
      const compiled = compileExpression(source);
      if (!compiled.ok) ctx.addIssue({ code: "custom", message: `invalid JSONata expression: ${compiled.error.message}` });
    });
}

/** `$steps` when the runner hands over the whole envelope (StepContext does not promise it). */
export function stepsOf(message: StepContext<unknown>["message"]): Record<string, unknown> {
  const steps = (message as { steps?: unknown }).steps;
  return steps !== null && typeof steps === "object" && !Array.isArray(steps) ? (steps as Record<string, unknown>) : {};
}

export function describeEvaluationError(err: unknown): { message: string; code?: string; position?: number; token?: string } {
  const e = err as { message?: string; code?: string; position?: number; token?: string };
  return { message: e.message ?? String(err), code: e.code, position: e.position, token: e.token };
}
