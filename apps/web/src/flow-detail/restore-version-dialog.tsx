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
  onConfirm: () => void;
  onCancel: () => void;
}

/** "Make version N current again? It becomes version M." — restoring never rewrites the history. */
export function RestoreVersionDialog({ version, next, running, pending, error, onConfirm, onCancel }: RestoreVersionDialogProps) {
  return (
    <ConfirmDialog
      open={version !== null}
      title={`Restore version ${version ?? ""}?`}
      tone="primary"
      confirmLabel={`Restore version ${version ?? ""}`}
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
    </ConfirmDialog>
  );
}
