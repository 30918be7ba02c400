import type { Metadata } from "next";
import { requireMember } from "@/auth/read-signed-in";
import { InviteForm } from "@/settings/members/invite-form";
import { MembersList } from "@/settings/members/members-list";
import { PendingInvitations } from "@/settings/members/pending-invitations";
import { SettingsFrame } from "@/settings/settings-frame";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const signedIn = await requireMember("/settings/members");
  const isOwner = signedIn.workspace.role === "owner";
  return (
    <SettingsFrame signedIn={signedIn} active="members">
      <MembersList isOwner={isOwner} myUserId={signedIn.user?.id ?? null} workspaceName={signedIn.workspace.name} />
      {isOwner && (
        <>
          <InviteForm />
          <PendingInvitations />
        </>
      )}
    </SettingsFrame>
  );
}
