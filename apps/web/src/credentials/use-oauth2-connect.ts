"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/trpc/react";
import { type ConnectMessage, listenForConnected, openConnectPopup } from "./oauth2-popup";

export interface ConnectWaiting {
  credentialId: string;
  /** the application's sign-in page, to open again (or at all, when the browser blocked the popup) */
  authorizationUrl: string;
  popupBlocked: boolean;
}

/**
 * Connects an OAuth2 (authorization code) credential without leaving the page: `start` opens a
 * popup at once (call it from the click), asks the server for the application's sign-in address,
 * sends the popup there and waits for /oauth2/connected to say how it went. The credentials are
 * read again when it did.
 */
export function useOAuth2Connect(onConnected?: (credentialId: string) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const connect = useMutation(trpc.credentials.connect.mutationOptions());
  const [waiting, setWaiting] = useState<ConnectWaiting | null>(null);
  const [outcome, setOutcome] = useState<ConnectMessage | null>(null);
  const stopListening = useRef<(() => void) | null>(null);
  const connected = useRef(onConnected);
  connected.current = onConnected;
  useEffect(() => () => stopListening.current?.(), []);

  const stop = () => {
    stopListening.current?.();
    stopListening.current = null;
    setWaiting(null);
  };

  /** Starts connecting; the popup is opened before anything is awaited, else the browser blocks it. */
  const start = async (credentialId: string, popup: Window | null = openConnectPopup()) => {
    stop();
    setOutcome(null);
    connect.reset();
    try {
      const { authorizationUrl } = await connect.mutateAsync({ id: credentialId, returnTo: "popup" });
      stopListening.current = listenForConnected(credentialId, (message) => {
        stop();
        setOutcome(message);
        void queryClient.invalidateQueries({ queryKey: trpc.credentials.pathKey() }).then(() => {
          if (message.ok) connected.current?.(credentialId);
        });
      });
      setWaiting({ credentialId, authorizationUrl, popupBlocked: popup === null || popup.closed });
      if (popup && !popup.closed) popup.location.href = authorizationUrl;
    } catch {
      // the mutation's error is shown (connect.error)
      popup?.close();
    }
  };

  return { start, cancel: stop, waiting, outcome, starting: connect.isPending, error: connect.error };
}
