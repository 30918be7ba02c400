import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/auth/auth-card";
import { readSignedIn, signInPath } from "@/auth/read-signed-in";
import { SignInForm } from "@/auth/sign-in-form";
import { AppHeader } from "@/components/app-header";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  if ((await signInPath()) === "/setup") redirect("/setup");
  if (await readSignedIn()) redirect("/");
  return (
    <>
      <AppHeader signedIn={null} />
      <main className="mx-auto max-w-6xl px-6 py-10">
        <AuthCard title="Sign in to Interflow" intro="Use the email and password of your Interflow account.">
          <SignInForm />
        </AuthCard>
      </main>
    </>
  );
}
