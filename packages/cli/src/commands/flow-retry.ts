import type { MessagePick } from "../execution-args";
import { formatSentAgain } from "../execution-output";
import type { CommandContext } from "./context";

export interface FlowRetryParams {
  id: string;
  pick: MessagePick;
  fromStep: string | undefined;
  version: number | undefined;
  /** make `version` current again first */
  restore: boolean;
  /** the edited body of the one message; undefined: as it was */
  body: unknown;
}

/**
 * `interflow flow retry <id> (--all | --message <mid>…) [--from-step <step>] [--version <n> [--restore]] [--body <json>]`:
 * each failed message sent again as a new execution; the flow must be running (or starting, sleeping, suspended).
 */
export async function flowRetry({ id, pick, fromStep, version, restore, body }: FlowRetryParams, { client, io }: CommandContext) {
  const result = await client.executions.retry.mutate({ id, ...pick, ...(fromStep ? { fromStep } : {}), ...(version ? { version } : {}), ...(restore ? { restore } : {}), ...(body !== undefined ? { body } : {}) });
  io.stdout(formatSentAgain("retried", result));
}
