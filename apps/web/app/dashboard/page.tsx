import type { Metadata } from "next";
import { requireMember } from "@/auth/read-signed-in";
import { AppHeader } from "@/components/app-header";
import { DashboardPanel } from "@/dashboard/dashboard-panel";
import { stateMachineView } from "@/flows/state-machine-view";

// Reads the session cookie: rendered for each request, never at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const signedIn = await requireMember("/dashboard");
  return (
    <>
      <AppHeader visitor={{ status: "member", signedIn }} />
      <main className="mx-auto max-w-6xl px-6 py-10">
        <DashboardPanel machine={stateMachineView()} canChange={signedIn.workspace.role !== "viewer"} />
      </main>
    </>
  );
}
