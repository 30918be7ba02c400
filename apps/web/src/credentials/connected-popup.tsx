"use client";

import { useEffect, useState } from "react";
import { announceConnected, type ConnectMessage } from "./oauth2-popup";

/**
 * The popup's last page: tells the wizard that opened it how connecting went, then closes. If it
 * cannot close (it was opened as a tab), it says the outcome and that the tab can be closed.
 */
export function ConnectedPopup({ outcome }: { outcome: ConnectMessage | null }) {
  const [closing, setClosing] = useState(true);
  useEffect(() => {
    if (outcome) announceConnected(outcome);
    window.close();
    // still here: the browser kept the window open
    const timer = setTimeout(() => setClosing(false), 500);
    return () => clearTimeout(timer);
  }, [outcome]);
  return (
    <main className="mx-auto max-w-md px-6 py-16 text-center" data-testid="oauth2-popup">
      {outcome === null ? (
        <p role="alert" className="text-sm text-red-800">
          This page is where an application sends you back after you connected an account; it did not say which one. Start connecting again from the credential.
        </p>
      ) : outcome.ok ? (
        <p role="status" className="text-sm text-emerald-800">
          Connected {outcome.name}.
        </p>
      ) : (
        <p role="alert" className="text-sm text-red-800">
          Not connected: {outcome.message}
        </p>
      )}
      {!closing && <p className="mt-3 text-xs text-slate-500">You can close this window and go back to Interflow.</p>}
    </main>
  );
}
