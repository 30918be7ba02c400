"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { INPUT, PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/button-styles";
import { Modal } from "@/components/modal";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import type { ComponentView, CredentialView } from "./credential-kinds";

/** Whether the platform makes the credential's secret (a webhook's): it can be rotated. */
export function canRotate(credential: CredentialView, components: ComponentView[] | undefined): boolean {
  const kind = components?.find((c) => c.name === credential.component)?.credentials.find((k) => k.authKind === credential.authKind);
  return kind?.fields.some((f) => f.type === "password" && (f as { generate?: boolean }).generate === true) ?? false;
}

/**
 * Rotates a credential's secret: a new random one, shown here once to copy into the senders; the
 * one it replaces is still taken for the grace period chosen, then refused.
 */
export function RotateSecretDialog({ credential, onClose }: { credential: CredentialView; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [graceHours, setGraceHours] = useState(24);
  const graceId = useId();
  const rotate = useMutation(trpc.credentials.rotateSecret.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.credentials.pathKey() }) }));
  const done = rotate.data;
  return (
    <Modal open title={`Rotate the secret of ${credential.name}`} onClose={onClose} testId="rotate-secret">
        {done ? (
          <div className="mt-3 space-y-3">
            <p className="text-sm text-slate-700">The new {done.field}: copy it into the senders now, it is never shown again.</p>
            <input readOnly className={`${INPUT} font-mono text-xs`} value={done.secret} onFocus={(e) => e.currentTarget.select()} data-testid="rotated-secret" aria-label={`New ${done.field}`} />
            <p className="text-sm text-slate-600">
              {done.previousValidUntil ? `The previous one is still taken until ${new Date(done.previousValidUntil).toLocaleString()}, then refused.` : "There was no previous one."} Running flows that use it restart on it.
            </p>
            <div className="flex justify-end gap-2">
              <button type="button" className={SECONDARY_BUTTON} onClick={() => void navigator.clipboard?.writeText(done.secret).catch(() => undefined)}>
                Copy
              </button>
              <button type="button" className={PRIMARY_BUTTON} onClick={onClose}>
                Done
              </button>
            </div>
          </div>
        ) : (
          <div className="mt-3 space-y-3">
            <p className="text-sm text-slate-700">A new random secret replaces the current one. Senders still using the current one keep working for the grace period.</p>
            <label htmlFor={graceId} className="block text-sm font-medium text-slate-800">
              Grace period (hours)
            </label>
            <input id={graceId} type="number" min={0} max={720} className={INPUT} value={graceHours} onChange={(e) => setGraceHours(Number(e.target.value))} />
            {rotate.error && (
              <p role="alert" className="text-sm text-red-700">
                {errorMessageOf(rotate.error)}
              </p>
            )}
            <div className="flex justify-end gap-2">
              <button type="button" className={SECONDARY_BUTTON} onClick={onClose}>
                Cancel
              </button>
              <button type="button" className={PRIMARY_BUTTON} disabled={rotate.isPending} onClick={() => rotate.mutate({ id: credential.id, graceHours })} data-testid="rotate-confirm">
                {rotate.isPending ? "Rotating…" : "Rotate"}
              </button>
            </div>
          </div>
        )}
    </Modal>
  );
}
