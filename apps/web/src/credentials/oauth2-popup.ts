/**
 * Connecting an OAuth2 credential in a popup: the wizard opens a window on the application's
 * sign-in page; the application sends it back to /oauth2/connected, which says the outcome on this
 * channel (same origin, so it arrives even when the application's page severed `window.opener`)
 * and closes.
 */
export const OAUTH2_CHANNEL = "interflow-oauth2";

export type ConnectMessage = { credentialId: string } & ({ ok: true; name: string } | { ok: false; message: string });

/** Opens the (empty) popup at once, in the click's own task, so the browser does not block it. */
export function openConnectPopup(): Window | null {
  const width = 520;
  const height = 680;
  const left = Math.max(0, window.screenX + (window.outerWidth - width) / 2);
  const top = Math.max(0, window.screenY + (window.outerHeight - height) / 3);
  return window.open("", "interflow-oauth2", `popup,width=${width},height=${height},left=${left},top=${top}`);
}

export function announceConnected(message: ConnectMessage): void {
  const channel = new BroadcastChannel(OAUTH2_CHANNEL);
  channel.postMessage(message);
  channel.close();
}

/** Calls `onMessage` for each outcome about this credential until the returned function is called. */
export function listenForConnected(credentialId: string, onMessage: (message: ConnectMessage) => void): () => void {
  const channel = new BroadcastChannel(OAUTH2_CHANNEL);
  channel.onmessage = (event: MessageEvent<ConnectMessage>) => {
    if (event.data?.credentialId === credentialId) onMessage(event.data);
  };
  return () => channel.close();
}
