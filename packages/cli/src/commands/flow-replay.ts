import type { ExecutionStatus } from "../client";
import { formatSentAgain } from "../execution-output";
import type { CommandContext } from "./context";

export interface FlowReplayParams {
  id: string;
  /** ISO times, UTC */
  from: string;
  to: string;
  status: ExecutionStatus[];
  fromStep: string | undefined;
  version: number | undefined;
  /** make `version` current again first */
  restore: boolean;
  /** at most this many executions (the API's default: 1,000) */
  limit: number | undefined;
}

/**
 * `interflow flow replay <id> --from <iso time> --to <iso time> [--status <s>]… [--from-step <step>] [--version <n> [--restore]] [--limit <n>]`:
 * the executions that started in [from, to) sent again, their messages rebuilt from the step records.
 */
export async function flowReplay({ id, from, to, status, fromStep, version, restore, limit }: FlowReplayParams, { client, io }: CommandContext) {
  const result = await client.executions.replay.mutate({
    id,
    from,
    to,
    ...(status.length > 0 ? { status } : {}),
    ...(fromStep ? { fromStep } : {}),
    ...(version ? { version } : {}),
    ...(restore ? { restore } : {}),
    ...(limit ? { limit } : {}),
  });
  io.stdout(formatSentAgain("replayed", result));
}
