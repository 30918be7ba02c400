"use client";

import { type ReactNode, useEffect, useId, useRef } from "react";

interface ModalProps {
  open: boolean;
  title: string;
  /** called when the person closes it (Escape, Cancel) */
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  /** room for more than a few lines (an editor) */
  wide?: boolean;
}

/**
 * A modal dialog (the browser's own <dialog>: focus stays inside, Escape closes, focus goes back
 * to where it was). The first focusable element inside gets the focus when it opens.
 */
export function Modal({ open, title, onClose, children, testId, wide = false }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      data-testid={testId}
      onClose={() => {
        if (open) onClose();
      }}
      className={`m-auto w-full ${wide ? "max-w-2xl" : "max-w-md"} rounded-2xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40`}
    >
      {open && (
        <div className="p-6">
          <h2 id={titleId} className="text-lg font-semibold tracking-tight text-slate-900">
            {title}
          </h2>
          {children}
        </div>
      )}
    </dialog>
  );
}
