import { formatJson } from "../output";
import type { CommandContext } from "./context";

/** `interflow flow scale <id> <step> <replicas> [--json]` */
export async function flowScale({ id, stepId, replicas, json }: { id: string; stepId: string; replicas: number; json: boolean }, { client, io }: CommandContext) {
  const result = await client.flows.scale.mutate({ id, stepId, replicas });
  io.stdout(json ? formatJson(result) : `scaling ${stepId} of flow ${id} to ${replicas} replica${replicas === 1 ? "" : "s"} (the flow is ${result.state})\n`);
}
