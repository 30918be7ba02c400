import { DateTime } from "@/components/date-time";
import type { RouterOutputs } from "@/trpc/outputs";

type Token = RouterOutputs["tokens"]["list"]["tokens"][number];
export type TokenStateName = "active" | "revoked" | "expired";

export function tokenStateOf(token: Pick<Token, "revokedAt" | "expiresAt">, now = Date.now()): TokenStateName {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now) return "expired";
  return "active";
}

const TONES: Record<TokenStateName, string> = {
  active: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  revoked: "bg-red-50 text-red-700 ring-red-600/20",
  expired: "bg-slate-100 text-slate-700 ring-slate-500/20",
};

/** Active, Revoked (when), or Expired, as a badge. */
export function TokenState({ token }: { token: Token }) {
  const state = tokenStateOf(token);
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset ${TONES[state]}`} data-testid="token-state">
      {state === "active" ? "Active" : state === "expired" ? "Expired" : "Revoked"}
      {state === "revoked" && token.revokedAt && (
        <span className="font-normal">
          <span className="sr-only"> on</span> · <DateTime value={token.revokedAt} format="date" />
        </span>
      )}
    </span>
  );
}
