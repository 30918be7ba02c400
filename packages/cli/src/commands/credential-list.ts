import { formatCredentialList } from "../credential-output";
import { formatJson } from "../output";
import type { CommandContext } from "./context";

/** `interflow credential list [--json]`: secrets masked, as the API shows them. */
export async function credentialList({ json }: { json: boolean }, { client, io }: CommandContext) {
  const result = await client.credentials.list.query();
  io.stdout(json ? formatJson(result) : formatCredentialList(result.credentials));
}
