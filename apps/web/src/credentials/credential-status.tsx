import type { CredentialView } from "./credential-kinds";

const TONES = {
  verified: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  unverified: "bg-slate-100 text-slate-700 ring-slate-500/20",
  failed: "bg-red-50 text-red-700 ring-red-600/20",
  reconnect: "bg-amber-50 text-amber-800 ring-amber-600/25",
} as const;

/** Verified, not verified (an OAuth2 account: not connected), failed (with why), or needing reconnection. */
export function CredentialStatus({ credential }: { credential: Pick<CredentialView, "verification" | "needsReconnection" | "oauth"> }) {
  const { status, message } = credential.verification;
  const tone = credential.needsReconnection ? "reconnect" : status;
  const unverified = credential.oauth && !credential.oauth.connected ? "Not connected" : "Not verified";
  const label = credential.needsReconnection ? "Reconnect" : status === "verified" ? "Verified" : status === "failed" ? "Failed" : unverified;
  return (
    <span className="inline-flex max-w-72 flex-col gap-0.5" data-testid="credential-status" data-status={tone}>
      <span className={`w-fit rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]}`}>{label}</span>
      {status === "failed" && message && <span className="text-xs text-red-700">{message}</span>}
    </span>
  );
}
