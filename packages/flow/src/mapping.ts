import jsonata from "jsonata";

export type CompiledExpression = ReturnType<typeof jsonata>;

export interface ExpressionError {
  message: string;
  position?: number;
  token?: string;
}

/** Compiles a JSONata expression, returning a readable error instead of throwing. */
export function compileExpression(
  source: string,
): { ok: true; expression: CompiledExpression } | { ok: false; error: ExpressionError } {
  try {
    return { ok: true, expression: jsonata(source) };
  } catch (err) {
    const e = err as { message?: string; position?: number; token?: string };
    return {
      ok: false,
      error: {
        message: `${e.message ?? String(err)}${e.position !== undefined ? ` (at character ${e.position})` : ""}`,
        position: e.position,
        token: e.token,
      },
    };
  }
}

export interface MappingBindings {
  /** the incoming message's headers */
  headers: Record<string, unknown>;
  /** earlier steps' output bodies, by step id */
  steps: Record<string, unknown>;
}

/**
 * Evaluates a compiled mapping against a message body with `$headers` and `$steps` bound.
 * An expression that yields nothing gives `{}` so a component always receives an object.
 */
export async function evaluateMapping(
  expression: CompiledExpression,
  body: unknown,
  bindings: MappingBindings,
): Promise<unknown> {
  const result = await expression.evaluate(body, { headers: bindings.headers, steps: bindings.steps });
  // JSONata may mark arrays as sequences; those marks vanish when the envelope is serialised.
  return result === undefined ? {} : result;
}
