import type { IncomingMessage } from "node:http";
import { clientAddress, type TrustedProxies } from "./client-address";

/**
 * The header the web app's server sets on every request it hands to Next.js: the client's address
 * as it worked it out (the peer, or behind trusted proxies their X-Forwarded-For). Whatever a
 * client sends under this name is replaced, so the app can trust it.
 */
export const CLIENT_ADDRESS_HEADER = "x-interflow-client-address";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1)$/;

/** Whether an address is this machine's loopback (IPv4 127/8, IPv6 ::1). */
export function isLoopback(address: string): boolean {
  return LOOPBACK.test(address);
}

/**
 * Rewrites a request's forwarding headers as the app may believe them: the client's address in
 * CLIENT_ADDRESS_HEADER and as the only X-Forwarded-For entry (libraries that read the first one,
 * better-auth's rate limit among them, get the real client), and X-Forwarded-Proto kept only from a
 * trusted proxy (Secure cookies behind a TLS-terminating proxy).
 */
export function normaliseForwarding(req: IncomingMessage, trusted: TrustedProxies): string {
  const address = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trusted);
  const fromProxy = trusted.trusts(req.socket.remoteAddress ?? "");
  req.headers[CLIENT_ADDRESS_HEADER] = address;
  req.headers["x-forwarded-for"] = address;
  if (!fromProxy) {
    delete req.headers["x-forwarded-proto"];
    delete req.headers["x-forwarded-host"];
  }
  return address;
}
