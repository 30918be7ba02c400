import type { Metadata } from "next";
import { requireMember } from "@/auth/read-signed-in";
import { SettingsFrame } from "@/settings/settings-frame";
import { ComponentsList } from "@/settings/components/components-list";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Components" };

export default async function ComponentsPage() {
  const signedIn = await requireMember("/settings/components");
  return (
    <SettingsFrame signedIn={signedIn} active="components">
      <ComponentsList owner={signedIn.workspace.role === "owner"} />
    </SettingsFrame>
  );
}
