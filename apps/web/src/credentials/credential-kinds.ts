import type { RouterOutputs } from "@/trpc/outputs";

export type ComponentView = RouterOutputs["components"]["list"]["components"][number];
export type CredentialKindView = ComponentView["credentials"][number];
export type CredentialView = RouterOutputs["credentials"]["list"]["credentials"][number];

/** The components whose steps take a credential (the wizard's first choice). */
export function componentsWithCredentials(components: ComponentView[]): ComponentView[] {
  return components.filter((component) => component.credentials.length > 0);
}

/** "password" fields are secrets: encrypted at rest, shown masked, replaceable, never readable. */
export function isSecret(field: { type?: unknown }): boolean {
  return field.type === "password";
}

/** The API names a field `values.<key>` or `secrets.<key>`; the form shows it at `<key>`. */
export function fieldKeyOf(path: string): string {
  return path.replace(/^(values|secrets)\./, "");
}
