import { describeVerification } from "../credential-output";
import { CliError } from "../errors";
import { formatJson } from "../output";
import type { CommandContext } from "./context";

/**
 * `interflow credential verify <id> [--json]`: checks the credential in a worker; prints that it is
 * verified, or fails (exit 1) with the reason and the field at fault.
 */
export async function credentialVerify({ id, json }: { id: string; json: boolean }, { client, io }: CommandContext) {
  const { credential, result } = await client.credentials.verify.mutate({ id });
  if (json) io.stdout(formatJson({ credential, result }));
  const what = `credential ${credential.id} (${credential.name})`;
  if (!result.verified) throw new CliError(`${what} is ${describeVerification(result)}`);
  if (!json) io.stdout(`${what} is verified\n`);
}
