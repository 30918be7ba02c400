import { formatJson, formatTransitions } from "../output";
import type { CommandContext } from "./context";

/** `interflow flow transitions <id> [--limit <n>] [--json]` */
export async function flowTransitions(
  { id, json, limit }: { id: string; json: boolean; limit: number | undefined },
  { client, io }: CommandContext,
) {
  const result = await client.flows.transitions.query(limit === undefined ? { id } : { id, limit });
  io.stdout(json ? formatJson(result) : formatTransitions(result.transitions));
}
