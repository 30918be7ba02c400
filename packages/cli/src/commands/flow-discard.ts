import type { MessagePick } from "../execution-args";
import type { CommandContext } from "./context";

/** `interflow flow discard <id> (--all | --message <mid>…)`: the messages stay listed as discarded. */
export async function flowDiscard({ id, pick }: { id: string; pick: MessagePick }, { client, io }: CommandContext) {
  const { discarded } = await client.executions.discard.mutate({ id, ...pick });
  io.stdout(`discarded ${discarded}\n`);
}
