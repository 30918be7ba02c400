import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requireMember } from "@/auth/read-signed-in";
import { AuditLog } from "@/settings/audit/audit-log";
import { SettingsFrame } from "@/settings/settings-frame";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit" };

/** Owners only: anybody else (after switching workspace, say) goes to the settings they can see. */
export default async function AuditPage() {
  const signedIn = await requireMember("/settings/audit");
  if (signedIn.workspace.role !== "owner") redirect("/settings");
  return (
    <SettingsFrame signedIn={signedIn} active="audit">
      <AuditLog />
    </SettingsFrame>
  );
}
