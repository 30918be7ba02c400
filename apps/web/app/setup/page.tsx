import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/auth/auth-card";
import { signInPath } from "@/auth/read-signed-in";
import { SetupForm } from "@/auth/setup-form";
import { AppHeader } from "@/components/app-header";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up" };

/** First run only: the first person to open a fresh installation becomes its owner. */
export default async function SetupPage() {
  if ((await signInPath()) === "/sign-in") redirect("/sign-in");
  return (
    <>
      <AppHeader />
      <main className="mx-auto max-w-6xl px-6 py-10">
        <AuthCard title="Create the owner account" intro="This Interflow has no accounts yet. Yours will own its Default workspace.">
          <SetupForm />
        </AuthCard>
      </main>
    </>
  );
}
