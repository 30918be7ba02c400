"use client";

import type { ReactNode } from "react";
import { DANGER_BUTTON, PRIMARY_BUTTON, SECONDARY_BUTTON } from "./button-styles";
import { Modal } from "./modal";

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  pending: boolean;
  /** the API's answer when confirming failed */
  error: string | null;
  onConfirm: () => void;
  onCancel: () => void;
  /** "danger" (the default) for what cannot be undone; "primary" for a change that can be */
  tone?: "danger" | "primary";
}

/** "Are you sure?" before something that cannot be undone (or matters); Cancel comes first and has the focus. */
export function ConfirmDialog({ open, title, children, confirmLabel, pendingLabel, pending, error, onConfirm, onCancel, tone = "danger" }: ConfirmDialogProps) {
  return (
    <Modal open={open} title={title} onClose={onCancel} testId="confirm-dialog">
      <div className="mt-2 text-sm leading-6 text-slate-600">{children}</div>
      {error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <div className="mt-6 flex justify-end gap-3">
        <button type="button" onClick={onCancel} className={SECONDARY_BUTTON}>
          Cancel
        </button>
        <button type="button" onClick={onConfirm} disabled={pending} className={tone === "danger" ? DANGER_BUTTON : PRIMARY_BUTTON}>
          {pending ? pendingLabel : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
