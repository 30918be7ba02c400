import type { Metadata } from "next";
import { requireMember } from "@/auth/read-signed-in";
import { SettingsFrame } from "@/settings/settings-frame";
import { WorkspaceSettings } from "@/settings/workspace-settings";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Workspace settings" };

export default async function WorkspaceSettingsPage() {
  const signedIn = await requireMember("/settings");
  return (
    <SettingsFrame signedIn={signedIn} active="workspace">
      <WorkspaceSettings />
    </SettingsFrame>
  );
}
