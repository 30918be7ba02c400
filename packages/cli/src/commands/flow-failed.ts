import { formatFailedMessages } from "../execution-output";
import { formatJson } from "../output";
import type { CommandContext } from "./context";

/**
 * `interflow flow failed <id> [--step <step>] [--limit <n>] [--json]`: the failed messages waiting
 * for a retry or a discard, newest first; the JSON is `{ items, total }`, each item with its body.
 */
export async function flowFailed(
  { id, json, stepId, limit }: { id: string; json: boolean; stepId: string | undefined; limit: number | undefined },
  { client, io }: CommandContext,
) {
  const page = await client.executions.failed.query({ id, ...(stepId ? { stepId } : {}), ...(limit ? { limit } : {}) });
  io.stdout(json ? formatJson({ items: page.items, total: page.total }) : formatFailedMessages(page));
}
