import { type CompiledExpression, compileExpression } from "@interflow/flow";
import { StepError } from "@interflow/sdk";

/** A runner runs one step, so this holds one or a few expressions; the cap only guards misuse. */
const MAX_CACHED_EXPRESSIONS = 100;
const cache = new Map<string, CompiledExpression>();

/** The compiled form of a JSONata expression, compiled once per process. */
export function cachedExpression(source: string): CompiledExpression {
  const cached = cache.get(source);
  if (cached) return cached;
  const compiled = compileExpression(source);
  // the config schema already refused invalid expressions; reaching this is a broken contract
  if (!compiled.ok) throw new StepError(`invalid JSONata expression: ${compiled.error.message}`, { details: { expression: source, error: compiled.error } });
  if (cache.size >= MAX_CACHED_EXPRESSIONS) cache.clear();
  cache.set(source, compiled.expression);
  return compiled.expression;
}
