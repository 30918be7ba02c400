import type { ExecutionStatus } from "../client";
import { formatExecutionList } from "../execution-output";
import { formatJson } from "../output";
import type { CommandContext } from "./context";

export interface FlowExecutionsParams {
  id: string;
  json: boolean;
  status: ExecutionStatus[];
  stepId: string | undefined;
  limit: number | undefined;
}

/** `interflow flow executions <id> [--status <s>]… [--step <step>] [--limit <n>] [--json]`: newest first; the JSON is `{ items, total }`. */
export async function flowExecutions({ id, json, status, stepId, limit }: FlowExecutionsParams, { client, io }: CommandContext) {
  const page = await client.executions.list.query({ id, ...(status.length > 0 ? { status } : {}), ...(stepId ? { stepId } : {}), ...(limit ? { limit } : {}) });
  io.stdout(json ? formatJson({ items: page.items, total: page.total }) : formatExecutionList(page, status.length > 0 || stepId !== undefined));
}
