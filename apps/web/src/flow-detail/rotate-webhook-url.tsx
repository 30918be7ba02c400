"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { INPUT, PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/button-styles";
import { Modal } from "@/components/modal";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

/**
 * "Rotate URL" beside a flow's webhook URL: a new unguessable one (someone learnt the old one); the
 * old one keeps working for the grace period chosen, so senders can switch, then it answers 404.
 */
export function RotateWebhookUrl({ flowId, flowName }: { flowId: string; flowName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [graceHours, setGraceHours] = useState(24);
  const graceId = useId();
  const rotate = useMutation(trpc.flows.rotateWebhookUrl.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.flows.pathKey() }) }));
  const close = () => {
    setOpen(false);
    rotate.reset();
  };
  return (
    <>
      <button type="button" className={SECONDARY_BUTTON} onClick={() => setOpen(true)} aria-label={`Rotate the webhook URL of ${flowName}`} data-testid="rotate-webhook-url">
        Rotate URL
      </button>
      <Modal open={open} title="Rotate the webhook URL" onClose={close} testId="rotate-webhook-url-dialog">
        {rotate.data ? (
          <div className="mt-3 space-y-3 text-sm text-slate-700">
            <p>The new URL: give it to the senders.</p>
            <input readOnly className={`${INPUT} font-mono text-xs`} value={rotate.data.webhookUrl} onFocus={(e) => e.currentTarget.select()} aria-label="New webhook URL" data-testid="rotated-webhook-url" />
            <p>The old one works until {new Date(rotate.data.previousValidUntil).toLocaleString()}, then answers 404.</p>
            <div className="flex justify-end">
              <button type="button" className={PRIMARY_BUTTON} onClick={close}>
                Done
              </button>
            </div>
          </div>
        ) : (
          <div className="mt-3 space-y-3">
            <p className="text-sm text-slate-700">A new unguessable URL replaces this one. Senders still using this one keep working for the grace period.</p>
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
              <button type="button" className={SECONDARY_BUTTON} onClick={close}>
                Cancel
              </button>
              <button type="button" className={PRIMARY_BUTTON} disabled={rotate.isPending} onClick={() => rotate.mutate({ id: flowId, graceHours })} data-testid="rotate-webhook-url-confirm">
                {rotate.isPending ? "Rotating…" : "Rotate"}
              </button>
            </div>
          </div>
        )}
      </Modal>
    </>
  );
}
