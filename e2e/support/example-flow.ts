import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** webhook → transform → http (deliver): the flow the README starts with. */
export const EXAMPLE = "examples/webhook-to-http.json";

/**
 * The example flow as a file whose http step delivers to `sinkUrl` (at /orders), with `settings`
 * as its document's settings.
 */
export function exampleFlowFile(p: { repoRoot: string; sinkUrl: string; file: string; settings?: Record<string, unknown> }): string {
  const document = JSON.parse(readFileSync(path.join(p.repoRoot, EXAMPLE), "utf8"));
  for (const node of document.nodes) if (node.component === "http") node.config.url = `${p.sinkUrl}/orders`;
  document.settings = p.settings;
  writeFileSync(p.file, JSON.stringify(document));
  return p.file;
}

/** An order as the example's transform expects it: its total is 12.5 × (i + 1). */
export function order(i: number) {
  return { id: `order-${i}`, customer: { name: "Grace Hopper", email: "GRACE@example.com" }, items: [{ price: 12.5, quantity: i + 1 }] };
}
