import type { Metadata } from "next";
import { requireMember } from "@/auth/read-signed-in";
import { AppHeader } from "@/components/app-header";
import { FlowDetail } from "@/flow-detail/flow-detail";
import { stateMachineView } from "@/flows/state-machine-view";

// Reads the session cookie: rendered for each request, never at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Flow" };

export default async function FlowPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const signedIn = await requireMember(`/flows/${encodeURIComponent(id)}`);
  return (
    <>
      <AppHeader visitor={{ status: "member", signedIn }} />
      <main className="mx-auto max-w-6xl px-6 py-8">
        <FlowDetail flowId={id} machine={stateMachineView()} canChange={signedIn.workspace.role !== "viewer"} />
      </main>
    </>
  );
}
