import { AppError, AppErrorCode } from "@interflow/flow";
import { type ComponentDefinition, type CredentialAuthKind, type CredentialDefinition, credentialDefinitionOf, isSecretField } from "@interflow/sdk";

/** The component a credential is for: one of the installed components. */
export function requireComponent(components: readonly ComponentDefinition[], name: string): ComponentDefinition {
  const component = components.find((c) => c.name === name);
  if (!component) throw new AppError(AppErrorCode.BadRequest, `component: "${name}" is not an installed component`);
  return component;
}

/**
 * The credential's auth kind: one the component declares (its only one when the request names
 * none); a component that declares none takes the one the request names.
 */
export function authKindFor(component: ComponentDefinition, requested: CredentialAuthKind | undefined): CredentialAuthKind {
  const declared = (component.credentials ?? []).map((kind) => kind.authKind);
  if (declared.length > 0) {
    if (requested && !declared.includes(requested)) {
      throw new AppError(AppErrorCode.BadRequest, `authKind: a credential of ${component.name} is ${declared.map((k) => `"${k}"`).join(" or ")}, not "${requested}"`);
    }
    const authKind = requested ?? (declared.length === 1 ? declared[0] : undefined);
    if (!authKind) throw new AppError(AppErrorCode.BadRequest, `authKind: pick how the credential authenticates (${declared.join(", ")})`);
    return authKind;
  }
  if (!requested) throw new AppError(AppErrorCode.BadRequest, `authKind: say how the credential authenticates (${component.name} declares no credential)`);
  return requested;
}

interface FieldsChange {
  component: ComponentDefinition;
  authKind: string;
  values: Record<string, unknown> | undefined;
  secrets: Record<string, string | null> | undefined;
  /** the secret fields set once the change is stored (on an update, the stored ones count) */
  secretsAfter: ReadonlySet<string>;
}

/** What is wrong against the component's declaration, field by field. */
function declarationProblems(p: FieldsChange, definition: CredentialDefinition): string[] {
  const problems: string[] = [];
  const fields = new Map(definition.fields.map((field) => [field.key, field]));
  const credentialOf = `a credential of ${p.component.name}`;
  for (const key of Object.keys(p.values ?? {})) {
    const field = fields.get(key);
    if (!field) problems.push(`values.${key}: ${credentialOf} has no field "${key}"`);
    else if (isSecretField(field) && !p.secretsAfter.has(key)) problems.push(`values.${key}: a secret field: send it in secrets`);
  }
  for (const key of Object.keys(p.secrets ?? {})) {
    const field = fields.get(key);
    if (!field) problems.push(`secrets.${key}: ${credentialOf} has no field "${key}"`);
    else if (!isSecretField(field)) problems.push(`secrets.${key}: not a secret field: send it in values`);
  }
  for (const field of definition.fields) {
    if (!field.required) continue;
    if (isSecretField(field) && !p.secretsAfter.has(field.key)) problems.push(`secrets.${field.key}: required`);
    const value = p.values?.[field.key];
    if (!isSecretField(field) && p.values !== undefined && (value === undefined || value === null || value === "")) problems.push(`values.${field.key}: required`);
  }
  return problems;
}

/**
 * Checks which fields are where. Always: a field is a value or a secret, never both. Against the
 * component's credential declaration, when it has one: a "password" field only in `secrets`, every
 * other declared field only in `values`, no field it does not declare, the required ones present.
 * Messages name each field at fault, never a value.
 */
export function checkCredentialFields(p: FieldsChange): void {
  // a step given both would not know which to use
  const problems = Object.keys(p.values ?? {})
    .filter((key) => p.secretsAfter.has(key))
    .map((key) => `values.${key}: is a secret field of this credential too: give it once`);
  const definition = credentialDefinitionOf(p.component, p.authKind);
  if (definition) problems.push(...declarationProblems(p, definition));
  if (problems.length > 0) throw new AppError(AppErrorCode.BadRequest, problems.join("; "));
}

/** The secret fields set after applying `changes` (null removes one) to those stored. */
export function secretsAfter(stored: Iterable<string>, changes: Record<string, string | null> | undefined): Set<string> {
  const set = new Set(stored);
  for (const [key, value] of Object.entries(changes ?? {})) {
    if (value === null) set.delete(key);
    else set.add(key);
  }
  return set;
}
