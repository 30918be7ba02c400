import { describe, expect, it } from "vitest";
import type { IncomingMessage } from "node:http";
import { clientAddress, parseTrustedProxies } from "./client-address";
import { CLIENT_ADDRESS_HEADER, isLoopback, normaliseForwarding } from "./client-request";

describe("the client's address behind proxies", () => {
  it("ignores X-Forwarded-For when no proxy is trusted: a made-up header changes nothing", () => {
    expect(clientAddress("203.0.113.9", "1.2.3.4", parseTrustedProxies(""))).toBe("203.0.113.9");
    expect(clientAddress("::ffff:203.0.113.9", undefined, parseTrustedProxies(undefined))).toBe("203.0.113.9");
  });

  it("takes the hop a trusted proxy added, never what the client wrote left of it", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8, ::1");
    // the client sent "X-Forwarded-For: 1.2.3.4"; its proxy (10.0.0.5) appended the client's real address
    expect(clientAddress("10.0.0.5", "1.2.3.4, 198.51.100.7", trusted)).toBe("198.51.100.7");
    // two trusted proxies in a row
    expect(clientAddress("::1", "1.2.3.4, 198.51.100.7, 10.0.0.9", trusted)).toBe("198.51.100.7");
    // an untrusted peer's header is ignored
    expect(clientAddress("198.51.100.7", "10.0.0.1", trusted)).toBe("198.51.100.7");
    // junk in the header stops the walk at the last good address
    expect(clientAddress("10.0.0.5", "not-an-ip", trusted)).toBe("10.0.0.5");
  });

  it("refuses an entry that is neither an address nor a range, naming it", () => {
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow('INTERFLOW_TRUSTED_PROXIES: "10.0.0.0/33" has no valid prefix length');
    expect(() => parseTrustedProxies("proxy.local")).toThrow('INTERFLOW_TRUSTED_PROXIES: "proxy.local" is not an IP address or a CIDR range');
  });
});

describe("the web app's server rewriting forwarding headers", () => {
  const request = (peer: string, headers: Record<string, string>) => ({ socket: { remoteAddress: peer }, headers: { ...headers } }) as unknown as IncomingMessage;

  it("replaces a client's own client-address and X-Forwarded-For with its real address, and drops its X-Forwarded-Proto", () => {
    const req = request("203.0.113.7", { [CLIENT_ADDRESS_HEADER]: "127.0.0.1", "x-forwarded-for": "127.0.0.1", "x-forwarded-proto": "https" });
    expect(normaliseForwarding(req, parseTrustedProxies(""))).toBe("203.0.113.7");
    expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe("203.0.113.7");
    expect(req.headers["x-forwarded-for"]).toBe("203.0.113.7");
    expect(req.headers["x-forwarded-proto"]).toBeUndefined();
    expect(isLoopback(req.headers[CLIENT_ADDRESS_HEADER] as string)).toBe(false);
  });

  it("behind a trusted proxy: the client its X-Forwarded-For names, and its word on https", () => {
    const req = request("10.0.0.2", { "x-forwarded-for": "198.51.100.3", "x-forwarded-proto": "https" });
    expect(normaliseForwarding(req, parseTrustedProxies("10.0.0.0/8"))).toBe("198.51.100.3");
    expect(req.headers["x-forwarded-proto"]).toBe("https");
  });
});
