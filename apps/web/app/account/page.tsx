import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/auth/auth-card";
import { ChangePasswordForm } from "@/auth/change-password-form";
import { readSignedIn, signInPath } from "@/auth/read-signed-in";
import { AppHeader } from "@/components/app-header";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const signedIn = await readSignedIn();
  if (!signedIn?.user) redirect(await signInPath());
  return (
    <>
      <AppHeader signedIn={signedIn} />
      <main className="mx-auto max-w-6xl px-6 py-10">
        <AuthCard title="Your password" intro={`Signed in as ${signedIn.user.email}.`}>
          <ChangePasswordForm />
        </AuthCard>
      </main>
    </>
  );
}
