import type { RouterOutputs } from "@/trpc/outputs";

export type StepRecord = RouterOutputs["executions"]["get"]["records"][number];

/** One message of an execution: its tries at its step, in order, and the messages it gave rise to. */
export interface MessageNode {
  messageId: string;
  stepId: string;
  records: StepRecord[];
  children: MessageNode[];
}

/**
 * The execution's step records grouped by message, as a tree: a message's children (the messages
 * its step emitted, by `parentMessageId`) under it, in the order the records came. A message whose
 * parent has no record here (or a broken chain) is shown at the top rather than lost.
 */
export function messageTreeOf(records: readonly StepRecord[]): MessageNode[] {
  const nodes = new Map<string, MessageNode & { parentId: string | null }>();
  for (const record of records) {
    let node = nodes.get(record.messageId);
    if (!node) {
      node = { messageId: record.messageId, stepId: record.stepId, parentId: record.parentMessageId, records: [], children: [] };
      nodes.set(record.messageId, node);
    }
    node.records.push(record);
  }
  const roots: MessageNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent && !descendsFrom(nodes, parent.messageId, node.messageId)) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Whether `id`'s chain of parents reaches `ancestor` (which would make a loop of attaching it). */
function descendsFrom(nodes: ReadonlyMap<string, { parentId: string | null }>, id: string, ancestor: string): boolean {
  const seen = new Set<string>();
  for (let at: string | null = id; at !== null && !seen.has(at); at = nodes.get(at)?.parentId ?? null) {
    if (at === ancestor) return true;
    seen.add(at);
  }
  return false;
}
