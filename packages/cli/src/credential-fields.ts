import { CliError } from "./errors";

/** What `components.list` says of a component's credentials (the wizard's forms). */
export interface DeclaredComponent {
  name: string;
  credentials: ReadonlyArray<{ authKind: string; fields: ReadonlyArray<Record<string, unknown>> }>;
}

/** A credential's fields split as `credentials.create` takes them. */
export interface CredentialFields {
  authKind: string | undefined;
  values: Record<string, unknown>;
  secrets: Record<string, string>;
}

const quoted = (items: readonly string[]) => items.map((item) => `"${item}"`).join(", ");

/** A typed value as the field's type wants it: a number field takes a number, a checkbox true or false. */
function typedValue(field: Record<string, unknown>, key: string, raw: string): unknown {
  if (field.type === "number") {
    const value = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(value)) throw new CliError(`--set ${key}: must be a number`);
    return value;
  }
  if (field.type === "checkbox") {
    if (raw !== "true" && raw !== "false") throw new CliError(`--set ${key}: must be true or false`);
    return raw === "true";
  }
  return raw;
}

/**
 * Splits `--set` into values and secrets by the component's declaration: a "password" field is a
 * secret, the others are values. A component that declares no credential (or is not listed) has
 * no declaration to go by: `--set` are values, `--secret` the secrets, and the server checks them.
 * Refusals name the option and the field, never a value.
 */
export function splitCredentialFields(p: {
  component: DeclaredComponent | undefined;
  authKind: string | undefined;
  set: Record<string, string>;
  secret: Record<string, string>;
}): CredentialFields {
  const kinds = p.component?.credentials ?? [];
  if (!p.component || kinds.length === 0) return { authKind: p.authKind, values: { ...p.set }, secrets: { ...p.secret } };
  const declared = kinds.map((kind) => kind.authKind);
  if (p.authKind !== undefined && !declared.includes(p.authKind)) {
    throw new CliError(`--auth: a credential of ${p.component.name} is ${declared.map((kind) => `"${kind}"`).join(" or ")}, not "${p.authKind}"`);
  }
  const definition = p.authKind === undefined ? (kinds.length === 1 ? kinds[0] : undefined) : kinds.find((kind) => kind.authKind === p.authKind);
  if (!definition) throw new CliError(`--auth: say how the credential authenticates (${declared.join(", ")})`);
  const fields = new Map(definition.fields.map((field) => [String(field.key), field]));
  const values: Record<string, unknown> = {};
  const secrets: Record<string, string> = { ...p.secret };
  for (const [key, raw] of Object.entries(p.set)) {
    const field = fields.get(key);
    if (!field) throw new CliError(`--set ${key}: a ${definition.authKind} credential of ${p.component.name} has no field "${key}" (it has ${quoted([...fields.keys()])})`);
    if (field.type === "password") secrets[key] = raw;
    else values[key] = typedValue(field, key, raw);
  }
  return { authKind: definition.authKind, values, secrets };
}
