import type { FlowDocument, FlowEdge, FlowNode } from "./document";

/** What differs between two versions of a flow, for the version history ("what changed"). */
export interface FlowDiff {
  name?: { from: string; to: string };
  type?: { from: string; to: string };
  settings?: { from: unknown; to: unknown };
  nodes: {
    added: string[];
    removed: string[];
    /** nodes in both whose named parts differ (config, mapping, component, function, …); moves are listed apart */
    changed: Array<{ id: string; parts: string[] }>;
    moved: string[];
  };
  edges: { added: string[]; removed: string[] };
  /** nothing but node positions differ, or nothing at all */
  same: boolean;
}

/** Key-order-independent JSON, so `{a,b}` and `{b,a}` compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
const edgeKey = (edge: FlowEdge) => `${edge.source} → ${edge.target}`;

function nodeParts(a: FlowNode, b: FlowNode): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete("id");
  keys.delete("position");
  return [...keys].filter((key) => !same(a[key as keyof FlowNode], b[key as keyof FlowNode])).sort();
}

export function diffFlowDocuments(from: FlowDocument, to: FlowDocument): FlowDiff {
  const before = new Map(from.nodes.map((n) => [n.id, n]));
  const after = new Map(to.nodes.map((n) => [n.id, n]));
  const changed: FlowDiff["nodes"]["changed"] = [];
  const moved: string[] = [];
  for (const [id, node] of after) {
    const old = before.get(id);
    if (!old) continue;
    const parts = nodeParts(old, node);
    if (parts.length > 0) changed.push({ id, parts });
    if (!same(old.position, node.position)) moved.push(id);
  }
  const edgesBefore = new Set(from.edges.map(edgeKey));
  const edgesAfter = new Set(to.edges.map(edgeKey));
  const diff: FlowDiff = {
    nodes: {
      added: [...after.keys()].filter((id) => !before.has(id)),
      removed: [...before.keys()].filter((id) => !after.has(id)),
      changed,
      moved,
    },
    edges: { added: [...edgesAfter].filter((e) => !edgesBefore.has(e)), removed: [...edgesBefore].filter((e) => !edgesAfter.has(e)) },
    same: true,
  };
  if (from.name !== to.name) diff.name = { from: from.name, to: to.name };
  if (from.type !== to.type) diff.type = { from: from.type, to: to.type };
  if (!same(from.settings ?? null, to.settings ?? null)) diff.settings = { from: from.settings ?? null, to: to.settings ?? null };
  diff.same =
    !diff.name &&
    !diff.type &&
    !diff.settings &&
    diff.nodes.added.length + diff.nodes.removed.length + diff.nodes.changed.length + diff.edges.added.length + diff.edges.removed.length === 0;
  return diff;
}
