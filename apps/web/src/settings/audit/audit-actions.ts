import type { RouterOutputs } from "@/trpc/outputs";

export type AuditAction = RouterOutputs["audit"]["list"]["entries"][number]["action"];

/** Each audited action in words (every action the API records has one). */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "sign-in": "Signed in",
  "sign-in.failed": "Sign-in failed",
  "password.change": "Changed password",
  "token.create": "Created API token",
  "token.revoke": "Revoked API token",
  "invitation.create": "Created invitation",
  "invitation.revoke": "Revoked invitation",
  "member.join": "Joined",
  "member.role": "Changed role",
  "member.remove": "Removed member",
  "workspace.create": "Created workspace",
  "workspace.update": "Changed settings",
  "flow.create": "Created flow",
  "flow.import": "Imported flow",
  "flow.publish": "Published a version",
  "flow.rename": "Renamed flow",
  "flow.duplicate": "Duplicated flow",
  "flow.delete": "Deleted flow",
  "flow.start": "Started flow",
  "flow.scale": "Scaled a step of flow",
  "flow.run": "Ran flow now",
  "flow.snapshot-reset": "Reset the snapshot of flow",
  "flow.stop": "Stopped flow",
  "flow.suspend": "Suspended flow",
  "flow.resume": "Resumed flow",
  "flow.retry": "Retried failed messages",
  "flow.replay": "Replayed executions",
  "flow.discard": "Discarded failed messages",
  "credential.create": "Created credential",
  "credential.update": "Changed credential",
  "credential.rotate": "Rotated a credential's secret",
  "webhook.refused-burst": "Refused many webhooks (authentication)",
  "flow.webhook-url.rotate": "Rotated a flow's webhook URL",
  "credential.delete": "Deleted credential",
  "credential.verify": "Verified credential",
  "credential.connect": "Connected credential",
  "component.install": "Installed component",
  "component.uninstall": "Removed component",
};

export type DetailItem = { key: string } & ({ kind: "date"; value: string } | { kind: "id"; value: string } | { kind: "text"; value: string });

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An entry's details as short items: moments (shown in local time), ids (shortened), the rest as text. */
export function detailItems(detail: Record<string, unknown> | null): DetailItem[] {
  if (!detail) return [];
  return Object.entries(detail)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]): DetailItem => {
      if (typeof value === "string" && ISO_DATE.test(value)) return { key, kind: "date", value };
      if (typeof value === "string" && UUID.test(value)) return { key, kind: "id", value };
      const text = typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
      return { key, kind: "text", value: text };
    });
}
