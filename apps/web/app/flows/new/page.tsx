import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requireMember } from "@/auth/read-signed-in";
import { AppHeader } from "@/components/app-header";
import { Designer } from "@/designer/designer";
import { stateMachineView } from "@/flows/state-machine-view";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "New flow" };

/** The empty canvas of a new flow: it is created when its trigger is dropped. */
export default async function NewFlowPage({ searchParams }: { searchParams: Promise<{ name?: string; type?: string }> }) {
  const { name, type } = await searchParams;
  const signedIn = await requireMember("/flows/new");
  if (signedIn.workspace.role === "viewer") redirect("/");
  const flowName = name?.trim() ? name.trim().slice(0, 200) : "New flow";
  return (
    <div className="flex h-dvh flex-col">
      <AppHeader visitor={{ status: "member", signedIn }} wide />
      <main className="min-h-0 flex-1">
        <Designer target={{ kind: "new", name: flowName, type: type === "realtime" ? "realtime" : "ordinary" }} machine={stateMachineView()} canChange />
      </main>
    </div>
  );
}
