import type { CommandContext } from "./context";

/** `interflow credential delete <id>`: refused while a flow uses the credential (the API names the flows). */
export async function credentialDelete({ id }: { id: string }, { client, io }: CommandContext) {
  const deleted = await client.credentials.delete.mutate({ id });
  io.stdout(`deleted credential ${deleted.id}\n`);
}
