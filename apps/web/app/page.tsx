import type { Metadata } from "next";
import { AppHeader } from "@/components/app-header";
import { ConnectForm } from "@/connect/connect-form";
import { FlowsPanel } from "@/flows/flows-panel";
import { readSession } from "@/session/read-session";

// Reads the session cookie and checks its token: rendered for each request, never at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Flows" };

export default async function FlowsPage() {
  const session = await readSession();
  const connected = session.status === "connected";
  return (
    <>
      <AppHeader connected={connected} />
      <main className="mx-auto max-w-6xl px-6 py-10">
        {connected ? <FlowsPanel /> : <ConnectForm savedTokenRefused={session.status === "refused"} />}
      </main>
    </>
  );
}
