import { formatExecution } from "../execution-output";
import { formatJson } from "../output";
import type { CommandContext } from "./context";

/** `interflow execution show <id> [--json]`: the JSON is the API's answer verbatim. */
export async function executionShow({ id, json }: { id: string; json: boolean }, { client, io }: CommandContext) {
  const execution = await client.executions.get.query({ executionId: id });
  io.stdout(json ? formatJson(execution) : formatExecution(execution));
}
