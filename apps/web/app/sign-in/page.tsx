import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/auth/auth-card";
import { safeNextPath } from "@/auth/next-path";
import { readVisitor, signInPath } from "@/auth/read-signed-in";
import { SignInForm } from "@/auth/sign-in-form";
import { AppHeader } from "@/components/app-header";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

/** `?next=/invite/…`: where to go once signed in (a path of this site only). */
export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const next = safeNextPath((await searchParams).next);
  if ((await signInPath()) === "/setup") redirect("/setup");
  if ((await readVisitor()).status !== "anonymous") redirect(next);
  return (
    <>
      <AppHeader />
      <main className="mx-auto max-w-6xl px-6 py-10">
        <AuthCard title="Sign in to Interflow" intro="Use the email and password of your Interflow account.">
          <SignInForm next={next} />
        </AuthCard>
      </main>
    </>
  );
}
