import type { CommandContext } from "./context";
import { requestStateChange, type StateChangeParams } from "./state-change";

/** `interflow flow start <id> [--wait] [--timeout <s>]` */
export function flowStart(params: StateChangeParams, ctx: CommandContext) {
  return requestStateChange("start", params, ctx);
}
