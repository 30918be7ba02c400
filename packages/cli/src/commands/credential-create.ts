import type { InterflowClient } from "../client";
import { splitCredentialFields } from "../credential-fields";
import { formatJson } from "../output";
import { resolveValueSources } from "../value-sources";
import type { CommandContext } from "./context";

/** the API checks the auth kind (the message names the field): the CLI passes on what it was given */
type AuthKind = Parameters<InterflowClient["credentials"]["create"]["mutate"]>[0]["authKind"];

export interface CredentialCreateParams {
  component: string;
  name: string;
  authKind: string | undefined;
  set: Record<string, string>;
  secret: Record<string, string>;
  json: boolean;
}

/**
 * `interflow credential create --component <c> --name <n> [--auth <kind>] --set key=value… [--secret key=value…] [--json]`:
 * which `--set` fields are secret the component's declaration says (`components.list`). Prints the
 * credential with its secrets masked, never a secret.
 */
export async function credentialCreate(p: CredentialCreateParams, { client, io, cwd }: CommandContext) {
  // `@-` and `@<file>` values read first: a refusal comes before anything is asked of the API
  const sources = { cwd, readStdin: io.stdin, stdinTaken: {} };
  const set = await resolveValueSources("--set", p.set, sources);
  const secret = await resolveValueSources("--secret", p.secret, sources);
  const { components } = await client.components.list.query();
  const fields = splitCredentialFields({ component: components.find((c) => c.name === p.component), authKind: p.authKind, set, secret });
  const created = await client.credentials.create.mutate({ name: p.name, component: p.component, ...fields, authKind: fields.authKind as AuthKind });
  io.stdout(
    p.json ? formatJson(created) : `created credential ${created.id} (${created.name}: ${created.component}, ${created.authKind}; unverified: check it with \`interflow credential verify ${created.id}\`)\n`,
  );
}
