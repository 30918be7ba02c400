import type { IncomingMessage, ServerResponse } from "node:http";
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

/**
 * Whether the client reached us over https: a TLS connection of our own, or a trusted proxy's
 * X-Forwarded-Proto (normaliseForwarding has removed one from anybody else).
 */
export function servedOverHttps(req: IncomingMessage): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted === true) return true;
  const proto = req.headers["x-forwarded-proto"];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(",")[0]?.trim().toLowerCase();
  return first === "https";
}

const withSecure = (cookie: string) => (/;\s*secure\s*(;|$)/i.test(cookie) ? cookie : `${cookie}; Secure`);

/**
 * Makes every cookie of a response Secure (when the client came over https: the app's own
 * settings only know whether its public URL is https, not how each request came). Applied as the
 * head is written, whether the handler called writeHead or let the body write it.
 */
export function secureCookies(res: ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse["writeHead"]>) {
    const set = this.getHeader("set-cookie");
    if (set !== undefined) this.setHeader("set-cookie", (Array.isArray(set) ? set : [String(set)]).map(withSecure));
    const headers = args.find((a, i) => i > 0 && typeof a === "object" && a !== null) as Record<string, unknown> | unknown[] | undefined;
    const secured = (value: unknown) => (Array.isArray(value) ? value.map((v) => withSecure(String(v))) : withSecure(String(value)));
    if (Array.isArray(headers)) {
      for (let i = 0; i < headers.length; i++) {
        const entry = headers[i];
        // [[name, value], …] or [name, value, name, value, …]
        if (Array.isArray(entry)) {
          if (String(entry[0]).toLowerCase() === "set-cookie") entry[1] = secured(entry[1]);
        } else if (i % 2 === 0 && i + 1 < headers.length && String(entry).toLowerCase() === "set-cookie") headers[i + 1] = secured(headers[i + 1]);
      }
    } else if (headers) {
      for (const name of Object.keys(headers)) if (name.toLowerCase() === "set-cookie") headers[name] = secured(headers[name]);
    }
    return writeHead.apply(this, args) as ServerResponse;
  } as ServerResponse["writeHead"];
}
