import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { CLIENT_ADDRESS_HEADER, isLoopback } from "@interflow/queue/client-request";
import { AuthCard } from "@/auth/auth-card";
import { signInPath } from "@/auth/read-signed-in";
import { SetupForm } from "@/auth/setup-form";
import { AppHeader } from "@/components/app-header";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up" };

/**
 * First run only: the first person to open a fresh installation becomes its owner — from the
 * machine it runs on, or from anywhere with the setup link `npm start` printed (its token; the
 * server checks it when the account is made).
 */
export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  if ((await signInPath()) === "/sign-in") redirect("/sign-in");
  const token = (await searchParams).token;
  const setupToken = typeof token === "string" && token !== "" ? token : undefined;
  const local = isLoopback((await headers()).get(CLIENT_ADDRESS_HEADER) ?? "");
  return (
    <>
      <AppHeader />
      <main className="mx-auto max-w-6xl px-6 py-10">
        <AuthCard title="Create the owner account" intro="This Interflow has no accounts yet. Yours will own its Default workspace.">
          {local || setupToken ? (
            <SetupForm setupToken={setupToken} />
          ) : (
            <p className="mt-6 rounded-lg bg-amber-50 px-4 py-3 text-sm leading-6 text-amber-900" role="alert" data-testid="setup-needs-token">
              Only the person who started this installation can create its owner account: open the setup link that <code>npm start</code> printed (under Docker Compose:{" "}
              <code>docker compose logs secrets</code> shows it; it ends in <code>/setup?token=…</code>), or open this page on the machine Interflow runs on.
            </p>
          )}
        </AuthCard>
      </main>
    </>
  );
}
