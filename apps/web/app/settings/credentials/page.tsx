import type { Metadata } from "next";
import { requireMember } from "@/auth/read-signed-in";
import { CredentialsList } from "@/credentials/credentials-list";
import { SettingsFrame } from "@/settings/settings-frame";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Credentials" };

export default async function CredentialsPage() {
  const signedIn = await requireMember("/settings/credentials");
  return (
    <SettingsFrame signedIn={signedIn} active="credentials">
      <CredentialsList canChange={signedIn.workspace.role !== "viewer"} />
    </SettingsFrame>
  );
}
