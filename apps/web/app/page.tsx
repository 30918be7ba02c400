import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { readSignedIn, signInPath } from "@/auth/read-signed-in";
import { AppHeader } from "@/components/app-header";
import { FlowsPanel } from "@/flows/flows-panel";

// Reads the session cookie: rendered for each request, never at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Flows" };

export default async function FlowsPage() {
  const signedIn = await readSignedIn();
  if (!signedIn) redirect(await signInPath());
  return (
    <>
      <AppHeader signedIn={signedIn} />
      <main className="mx-auto max-w-6xl px-6 py-10">
        <FlowsPanel />
      </main>
    </>
  );
}
