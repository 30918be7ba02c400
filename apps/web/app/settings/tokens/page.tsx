import type { Metadata } from "next";
import { requireMember } from "@/auth/read-signed-in";
import { SettingsFrame } from "@/settings/settings-frame";
import { CreateTokenForm } from "@/settings/tokens/create-token-form";
import { TokensList } from "@/settings/tokens/tokens-list";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const signedIn = await requireMember("/settings/tokens");
  return (
    <SettingsFrame signedIn={signedIn} active="tokens">
      <CreateTokenForm role={signedIn.workspace.role} />
      <TokensList everybody={signedIn.workspace.role === "owner"} />
    </SettingsFrame>
  );
}
