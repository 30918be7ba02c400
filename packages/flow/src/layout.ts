import type { FlowDocument } from "./document";

/** Room a step takes on the canvas, across and down. */
const COLUMN = 320;
const ROW = 160;

/**
 * A document written by hand (or by a tool) often gives its steps no `position`: the schema puts
 * them all at 0,0, one on top of the other. Steps the written document left unplaced are laid out
 * here by their distance from the trigger, one column per step of the path, the steps of a column
 * one under the other; placed steps stay where they are.
 */
export function placeUnplaced(written: unknown, document: FlowDocument): FlowDocument {
  const nodes = (written as { nodes?: unknown })?.nodes;
  const unplaced = new Set(
    (Array.isArray(nodes) ? nodes : [])
      .filter((n): n is { id: string } => typeof n === "object" && n !== null && typeof (n as { id?: unknown }).id === "string" && (n as { position?: unknown }).position === undefined)
      .map((n) => n.id),
  );
  if (unplaced.size === 0) return document;
  const targets = new Set(document.edges.map((e) => e.target));
  const depth = new Map<string, number>();
  const queue = document.nodes.filter((n) => !targets.has(n.id)).map((n) => n.id);
  for (const id of queue) depth.set(id, 0);
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const edge of document.edges) {
      if (edge.source !== id || depth.has(edge.target)) continue;
      depth.set(edge.target, (depth.get(id) ?? 0) + 1);
      queue.push(edge.target);
    }
  }
  const columns = new Map<number, string[]>();
  for (const node of document.nodes) {
    if (!unplaced.has(node.id)) continue;
    const column = depth.get(node.id) ?? 0;
    columns.set(column, [...(columns.get(column) ?? []), node.id]);
  }
  const at = new Map<string, { x: number; y: number }>();
  for (const [column, ids] of columns) {
    ids.forEach((id, row) => {
      at.set(id, { x: column * COLUMN, y: (row - (ids.length - 1) / 2) * ROW });
    });
  }
  return { ...document, nodes: document.nodes.map((node) => (at.has(node.id) ? { ...node, position: at.get(node.id) as { x: number; y: number } } : node)) };
}
