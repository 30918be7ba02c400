import type { CommandContext } from "./context";
import { requestStateChange, type StateChangeParams } from "./state-change";

/** `interflow flow stop <id> [--wait] [--timeout <s>]` */
export function flowStop(params: StateChangeParams, ctx: CommandContext) {
  return requestStateChange("stop", params, ctx);
}
