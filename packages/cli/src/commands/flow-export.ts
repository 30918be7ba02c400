import { formatJson } from "../output";
import type { CommandContext } from "./context";

/** `interflow flow export <id>`: the flow document, pretty, on stdout. */
export async function flowExport({ id }: { id: string }, { client, io }: CommandContext) {
  const { document } = await client.flows.export.query({ id });
  io.stdout(formatJson(document));
}
