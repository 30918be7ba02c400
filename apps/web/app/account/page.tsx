import type { Metadata } from "next";
import { AuthCard } from "@/auth/auth-card";
import { ChangePasswordForm } from "@/auth/change-password-form";
import { readVisitor, redirectToSignIn } from "@/auth/read-signed-in";
import { AppHeader } from "@/components/app-header";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const visitor = await readVisitor();
  if (visitor.status === "anonymous") return redirectToSignIn("/account");
  const email = visitor.status === "member" ? visitor.signedIn.user?.email : visitor.person.email;
  return (
    <>
      <AppHeader visitor={visitor} />
      <main className="mx-auto max-w-6xl px-6 py-10">
        <AuthCard title="Your password" intro={`Signed in as ${email}.`}>
          <ChangePasswordForm />
        </AuthCard>
      </main>
    </>
  );
}
