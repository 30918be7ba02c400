import type { StepFetch } from "./component";
import type { FieldDefinition, Help } from "./fields";

/** How a credential authenticates; the generic kinds let a component such as `http` talk to any REST API. */
export const CREDENTIAL_AUTH_KINDS = ["none", "basic", "api-key", "bearer", "oauth2-authorization-code", "oauth2-client-credentials", "hmac-signature", "custom"] as const;
export type CredentialAuthKind = (typeof CREDENTIAL_AUTH_KINDS)[number];

/** What a credential's `verify` learns: every field, secrets in the clear (it runs in a runner, never in the web app). */
export interface CredentialVerifyContext {
  /** the credential's fields by key: the values and the decrypted secrets */
  fields: Record<string, unknown>;
  /** aborted when the time limit for verifying is over */
  signal: AbortSignal;
  /** HTTP requests under the installation's network rules (see StepFetch) */
  fetch: StepFetch;
}

/**
 * What verifying found: verified, or a reason the person can act on, naming the field at fault
 * where there is one (the form shows the message next to it, with the field's help).
 */
export type CredentialVerification = { verified: true } | { verified: false; message: string; field?: string };

/**
 * One way a component's steps authenticate (a component may offer several: `http` takes basic,
 * bearer and API key). The form is generated from `fields`; a field of type "password" is a secret
 * (encrypted at rest, shown masked, never returned).
 */
export interface CredentialDefinition {
  authKind: CredentialAuthKind;
  /** how the wizard names this way, e.g. "API key in a header" */
  title: string;
  fields: FieldDefinition[];
  /** checks the fields against the application (e.g. one cheap authenticated request); none: cannot be verified */
  verify?: (ctx: CredentialVerifyContext) => Promise<CredentialVerification>;
  /** shown with the form: where to find these values in the application */
  help?: Help;
}

/** Whether a credential field is a secret: encrypted at rest and never shown again. */
export function isSecretField(field: FieldDefinition): boolean {
  return field.type === "password";
}

/** The component's definition for `authKind`; without one, its only definition (if it has exactly one). */
export function credentialDefinitionOf(
  component: { credentials?: CredentialDefinition[] },
  authKind?: string,
): CredentialDefinition | undefined {
  const kinds = component.credentials ?? [];
  if (authKind === undefined) return kinds.length === 1 ? kinds[0] : undefined;
  return kinds.find((kind) => kind.authKind === authKind);
}
