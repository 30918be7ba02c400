"use client";

import { ConfirmDialog } from "@/components/confirm-dialog";

interface RestoreVersionDialogProps {
  /** the version to make current again; null: closed */
  version: number | null;
  /** the number it gets */
  next: number;
  /** the flow runs (or is on its way): it keeps the version it started with until restarted */
  running: boolean;
  pending: boolean;
  error: string | null;
  /** the API refused because steps the version removes hold queued messages (its words): confirming again drops them */
  removedStepsConflict: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * "Make version N current again? It becomes version M." — restoring never rewrites the history.
 * When the API says steps it removes hold queued messages, the dialog says so and offers to
 * restore dropping them.
 */
export function RestoreVersionDialog({ version, next, running, pending, error, removedStepsConflict, onConfirm, onCancel }: RestoreVersionDialogProps) {
  return (
    <ConfirmDialog
      open={version !== null}
      title={`Restore version ${version ?? ""}?`}
      tone={removedStepsConflict ? "danger" : "primary"}
      confirmLabel={removedStepsConflict ? "Restore and drop them" : `Restore version ${version ?? ""}`}
      pendingLabel="Restoring…"
      pending={pending}
      error={error}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p data-testid="restore-question">
        Make version {version} current again? It becomes version {next}.
      </p>
      <p className="mt-2">
        Every version stays in the history.
        {running && " The running flow restarts on it; messages already queued are kept."}
      </p>
      {removedStepsConflict && (
        <p role="alert" className="mt-3 rounded-lg bg-amber-50 px-3 py-2 text-amber-900" data-testid="removed-steps-conflict">
          {removedStepsConflict}
        </p>
      )}
    </ConfirmDialog>
  );
}
