import { formatFailedMessages } from "../execution-output";
import { formatJson } from "../output";
import type { CommandContext } from "./context";

/**
 * `interflow flow failed <id> [--step <step>] [--limit <n>] [--json]`: the failed messages waiting
 * for a retry or a discard, newest first; the JSON is `{ items, total, lost }`, each item with its
 * body, `lost` counting what went without a failed message to show for it (as the table's last lines).
 */
export async function flowFailed(
  { id, json, stepId, limit }: { id: string; json: boolean; stepId: string | undefined; limit: number | undefined },
  { client, io }: CommandContext,
) {
  const page = await client.executions.failed.query({ id, ...(stepId ? { stepId } : {}), ...(limit ? { limit } : {}) });
  const lost = { expiredUnresolved: page.expiredUnresolved, unrecorded: page.unrecorded, errorFlowUndelivered: page.errorFlowUndelivered };
  io.stdout(json ? formatJson({ items: page.items, total: page.total, lost }) : formatFailedMessages(page));
}
