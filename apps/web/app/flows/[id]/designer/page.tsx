import type { Metadata } from "next";
import { requireMember } from "@/auth/read-signed-in";
import { AppHeader } from "@/components/app-header";
import { Designer } from "@/designer/designer";
import { stateMachineView } from "@/flows/state-machine-view";

// Reads the session cookie: rendered for each request, never at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Designer" };

export default async function FlowDesignerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const signedIn = await requireMember(`/flows/${encodeURIComponent(id)}/designer`);
  return (
    <div className="flex h-dvh flex-col">
      <AppHeader visitor={{ status: "member", signedIn }} wide />
      <main className="min-h-0 flex-1">
        <Designer target={{ kind: "existing", flowId: id }} machine={stateMachineView()} canChange={signedIn.workspace.role !== "viewer"} />
      </main>
    </div>
  );
}
