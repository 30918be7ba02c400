import type { Metadata } from "next";
import { readVisitor } from "@/auth/read-signed-in";
import { AppHeader } from "@/components/app-header";
import { InvitationCard, UnusableInvitation } from "@/invitations/invitation-card";
import { readInvitation } from "@/invitations/read-invitation";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

/** An invitation link: what it invites to, and joining (signed in) or creating an account (not signed in). */
export default async function InvitePage({ params }: { params: Promise<{ secret: string }> }) {
  const { secret } = await params;
  const [visitor, found] = await Promise.all([readVisitor(), readInvitation(secret)]);
  return (
    <>
      <AppHeader visitor={visitor} />
      <main className="mx-auto max-w-6xl px-6 py-10">
        {found.ok ? <InvitationCard secret={secret} invitation={found.invitation} visitor={visitor} /> : <UnusableInvitation reason={found.reason} visitor={visitor} />}
      </main>
    </>
  );
}
