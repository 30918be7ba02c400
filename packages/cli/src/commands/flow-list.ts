import { formatFlowList, formatJson } from "../output";
import type { CommandContext } from "./context";

/** `interflow flow list [--json]` */
export async function flowList({ json }: { json: boolean }, { client, io }: CommandContext) {
  const result = await client.flows.list.query();
  io.stdout(json ? formatJson(result) : formatFlowList(result.flows));
}
