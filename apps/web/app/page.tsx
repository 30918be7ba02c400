import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { readVisitor, signInPath } from "@/auth/read-signed-in";
import { AppHeader } from "@/components/app-header";
import { FlowsPanel } from "@/flows/flows-panel";
import { stateMachineView } from "@/flows/state-machine-view";
import { NoWorkspace } from "@/workspaces/no-workspace";

// Reads the session cookie: rendered for each request, never at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Flows" };

export default async function FlowsPage() {
  const visitor = await readVisitor();
  if (visitor.status === "anonymous") redirect(await signInPath());
  return (
    <>
      <AppHeader visitor={visitor} />
      <main className="mx-auto max-w-6xl px-6 py-10">
        {visitor.status === "member" ? (
          <FlowsPanel machine={stateMachineView()} canChange={visitor.signedIn.workspace.role !== "viewer"} />
        ) : (
          <NoWorkspace reason={visitor.reason} />
        )}
      </main>
    </>
  );
}
