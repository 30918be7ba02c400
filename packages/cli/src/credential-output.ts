import type { CredentialSummary } from "./client";
import { formatTable } from "./output";

/** A credential's secret fields as the API masks them: `token ••••••••abcd`. */
function maskedSecrets(credential: CredentialSummary): string {
  const secrets = Object.entries(credential.secrets).map(([key, { masked }]) => `${key} ${masked}`);
  return secrets.join(", ") || "-";
}

function statusOf(credential: CredentialSummary): string {
  const status = credential.verification.status;
  return credential.needsReconnection ? `${status}, needs reconnection` : status;
}

export function formatCredentialList(credentials: readonly CredentialSummary[]): string {
  if (credentials.length === 0) return "no credentials yet; create one with `interflow credential create --component <c> --name <n> --set <key>=<value>`\n";
  return formatTable(
    ["ID", "NAME", "COMPONENT", "AUTH", "STATUS", "SECRETS"],
    credentials.map((c) => [c.id, c.name, c.component, c.authKind, statusOf(c), maskedSecrets(c)]),
  );
}

/** The reason a check gave, with the field it is about. */
export function describeVerification(result: { verified: boolean; message?: string; field?: string }): string {
  if (result.verified) return "verified";
  return `not verified: ${result.message ?? "no reason given"}${result.field ? ` (field: ${result.field})` : ""}`;
}
