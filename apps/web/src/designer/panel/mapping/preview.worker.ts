// The designer's preview evaluator (see preview-evaluator.ts): evaluates one expression at a time
// on the sample, off the page's thread, and answers with the value or the error.
import { compileExpression, evaluateMapping } from "@interflow/flow";

interface Ask {
  id: number;
  expression: string;
  body: unknown;
  headers: Record<string, unknown>;
  steps: Record<string, unknown>;
}

self.onmessage = async (event: MessageEvent<Ask>) => {
  const { id, expression, body, headers, steps } = event.data;
  const compiled = compileExpression(expression);
  if (!compiled.ok) return self.postMessage({ id, ok: false, error: { message: compiled.error.message, position: compiled.error.position ?? null } });
  try {
    const value = await evaluateMapping(compiled.expression, body, { headers, steps });
    self.postMessage({ id, ok: true, value: JSON.parse(JSON.stringify(value) ?? "null") });
  } catch (error) {
    const e = error as { message?: string; position?: number };
    self.postMessage({ id, ok: false, error: { message: e.message ?? String(error), position: e.position ?? null } });
  }
};
