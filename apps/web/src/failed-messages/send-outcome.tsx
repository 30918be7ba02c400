import { formatCount } from "@/flows/numbers";

/** What the last retry or discard did. */
export type SendOutcome =
  | { kind: "retried"; sent: number; edited: boolean; skipped: Array<{ id: string; reason: string }> }
  | { kind: "discarded"; discarded: number }
  | { kind: "refused"; message: string };

/** "Retried 3", and each message skipped with why; "Discarded 2"; or the API's refusal. */
export function SendOutcomeNote({ outcome }: { outcome: SendOutcome }) {
  if (outcome.kind === "refused") {
    return (
      <p role="alert" className="border-b border-red-200 bg-red-50 px-5 py-3 text-sm text-red-800" data-testid="send-outcome">
        {outcome.message}
      </p>
    );
  }
  return (
    <div role="status" className="border-b border-emerald-200 bg-emerald-50 px-5 py-3 text-sm text-emerald-900" data-testid="send-outcome">
      <p className="font-medium" data-testid="send-outcome-text">
        {outcome.kind === "discarded"
          ? `Discarded ${formatCount(outcome.discarded)}`
          : `Retried ${formatCount(outcome.sent)}${outcome.edited ? " with the edited body" : ""}${outcome.skipped.length > 0 ? `; ${formatCount(outcome.skipped.length)} skipped` : ""}`}
      </p>
      {outcome.kind === "retried" && outcome.skipped.length > 0 && (
        <ul className="mt-1 list-disc space-y-0.5 pl-5 text-amber-900" data-testid="send-skipped">
          {outcome.skipped.map((s) => (
            <li key={s.id}>
              <span className="font-mono text-xs">{s.id.slice(0, 12)}</span>: {s.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
