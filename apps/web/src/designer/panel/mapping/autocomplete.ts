import type { SamplePath } from "@interflow/flow";

/** The path being typed just before the caret: `cust`, `customer.na`, `$steps.webhook.`. */
export function tokenBefore(text: string, caret: number): { start: number; token: string } {
  const match = /[$A-Za-z0-9_.`-]*$/.exec(text.slice(0, caret));
  const token = match?.[0] ?? "";
  return { start: caret - token.length, token };
}

/** Paths matching the token: those starting with it first, then those containing it. */
export function suggestionsFor(paths: SamplePath[], token: string, limit = 8): SamplePath[] {
  const t = token.toLowerCase();
  const starts = paths.filter((p) => p.path.toLowerCase().startsWith(t));
  const contains = t ? paths.filter((p) => !p.path.toLowerCase().startsWith(t) && p.path.toLowerCase().includes(t)) : [];
  return [...starts, ...contains].filter((p) => p.path !== token).slice(0, limit);
}
