import type { Metadata } from "next";
import { requireMember } from "@/auth/read-signed-in";
import { AppHeader } from "@/components/app-header";
import { ExecutionDetail } from "@/execution-detail/execution-detail";

// Reads the session cookie: rendered for each request, never at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Execution" };

export default async function ExecutionPage({ params }: { params: Promise<{ id: string; executionId: string }> }) {
  const { id, executionId } = await params;
  const signedIn = await requireMember(`/flows/${encodeURIComponent(id)}/executions/${encodeURIComponent(executionId)}`);
  return (
    <>
      <AppHeader visitor={{ status: "member", signedIn }} />
      <main className="mx-auto max-w-6xl px-6 py-8">
        <ExecutionDetail flowId={id} executionId={executionId} />
      </main>
    </>
  );
}
