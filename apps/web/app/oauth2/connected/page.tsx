import type { Metadata } from "next";
import { ConnectedPopup } from "@/credentials/connected-popup";
import type { ConnectMessage } from "@/credentials/oauth2-popup";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connecting an account" };

type Query = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

function outcomeOf(query: Query): ConnectMessage | null {
  const credentialId = one(query.credential);
  if (!credentialId) return null;
  const connected = one(query.connected);
  if (connected !== undefined) return { credentialId, ok: true, name: connected };
  return { credentialId, ok: false, message: one(query.connectError) ?? "the application's answer said nothing" };
}

/** Where /api/oauth2/callback sends a popup back: it tells the wizard that opened it, and closes. */
export default async function ConnectedPopupPage({ searchParams }: { searchParams: Promise<Query> }) {
  return <ConnectedPopup outcome={outcomeOf(await searchParams)} />;
}
