"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { disconnectSession } from "@/session/session-client";

export function DisconnectButton() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const [failed, setFailed] = useState(false);

  function disconnect() {
    startTransition(async () => {
      try {
        await disconnectSession();
      } catch {
        setFailed(true);
        return;
      }
      queryClient.clear();
      router.refresh();
    });
  }

  return (
    <button
      type="button"
      onClick={disconnect}
      disabled={pending}
      title={failed ? "Disconnecting failed; try again." : undefined}
      className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-xs transition hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60"
    >
      {pending ? "Disconnecting…" : "Disconnect"}
    </button>
  );
}
