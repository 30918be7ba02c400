import { formatFlowStatus, formatJson } from "../output";
import type { CommandContext } from "./context";

/** `interflow flow status <id> [--json]`; the JSON is the API's status verbatim. */
export async function flowStatus({ id, json }: { id: string; json: boolean }, { client, io }: CommandContext) {
  const status = await client.flows.status.query({ id });
  io.stdout(json ? formatJson(status) : formatFlowStatus(status));
}
