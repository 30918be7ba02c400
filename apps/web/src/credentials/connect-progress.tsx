"use client";

import { errorMessageOf } from "@/trpc/errors";
import type { useOAuth2Connect } from "./use-oauth2-connect";

const LINK = "font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-600";

/** What connecting in a popup is doing: waiting for the person at the application, or why it failed. */
export function ConnectProgress({ connecting, application }: { connecting: ReturnType<typeof useOAuth2Connect>; application: string }) {
  const { waiting, outcome, error, cancel } = connecting;
  if (waiting) {
    return (
      <p role="status" className="rounded-lg bg-indigo-50 px-3 py-2 text-sm text-indigo-900" data-testid="connect-waiting">
        {waiting.popupBlocked ? "Your browser blocked the sign-in window: " : `Sign in at ${application} in the window that opened and allow access. `}
        <a href={waiting.authorizationUrl} target="_blank" rel="noopener opener" className={LINK}>
          {waiting.popupBlocked ? "open the sign-in page" : "Open it again"}
        </a>
        {" · "}
        <button type="button" className={LINK} onClick={cancel}>
          Stop waiting
        </button>
      </p>
    );
  }
  if (outcome && !outcome.ok) {
    return (
      <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="connect-outcome">
        Not connected: {outcome.message}
      </p>
    );
  }
  if (outcome?.ok) {
    return (
      <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800" data-testid="connect-outcome">
        Connected {outcome.name}: Interflow renews its access token before it expires.
      </p>
    );
  }
  if (error) {
    return (
      <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="connect-outcome">
        Could not start connecting: {errorMessageOf(error)}
      </p>
    );
  }
  return null;
}
