import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { parseTrustedProxies } from "./client-address";
import { normaliseForwarding, secureCookies, servedOverHttps } from "./client-request";

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A server in front of a handler as the web app's is: forwarding normalised, cookies Secure over https. */
async function webServer(trustedProxies: string, handler: Parameters<typeof createServer>[1]): Promise<number> {
  const trusted = parseTrustedProxies(trustedProxies);
  const server = createServer((req, res) => {
    normaliseForwarding(req, trusted);
    if (servedOverHttps(req)) secureCookies(res);
    handler?.(req, res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
}

function cookiesOf(port: number, headers: Record<string, string> = {}): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/", headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.headers["set-cookie"] ?? []));
    });
    req.on("error", reject);
    req.end();
  });
}

const session = "better-auth.session_token=abc; Path=/; HttpOnly; SameSite=Lax";

describe("session cookies Secure whenever the client came over https", () => {
  it("behind a trusted proxy saying https: every cookie Secure (set with setHeader, in writeHead, or written implicitly), none twice", async () => {
    const viaSetHeader = await webServer("127.0.0.1", (_req, res) => {
      res.setHeader("Set-Cookie", [session, "other=1; Secure; Path=/"]);
      res.end("ok");
    });
    expect(await cookiesOf(viaSetHeader, { "x-forwarded-proto": "https" })).toEqual([`${session}; Secure`, "other=1; Secure; Path=/"]);
    const viaWriteHead = await webServer("127.0.0.1", (_req, res) => {
      res.writeHead(200, { "Set-Cookie": session, "content-type": "text/plain" });
      res.end("ok");
    });
    expect(await cookiesOf(viaWriteHead, { "x-forwarded-proto": "https" })).toEqual([`${session}; Secure`]);
    const viaRawHeaders = await webServer("127.0.0.1", (_req, res) => {
      res.writeHead(200, ["Set-Cookie", session, "content-type", "text/plain"]);
      res.end("ok");
    });
    expect(await cookiesOf(viaRawHeaders, { "x-forwarded-proto": "https, http" })).toEqual([`${session}; Secure`]);
  });

  it("the same header from a peer that is not a trusted proxy changes nothing; plain http stays as the app set it", async () => {
    const untrusted = await webServer("10.0.0.0/8", (_req, res) => {
      res.setHeader("Set-Cookie", session);
      res.end("ok");
    });
    expect(await cookiesOf(untrusted, { "x-forwarded-proto": "https" })).toEqual([session]);
    const trustedHttp = await webServer("127.0.0.1", (_req, res) => {
      res.setHeader("Set-Cookie", session);
      res.end("ok");
    });
    expect(await cookiesOf(trustedHttp, { "x-forwarded-proto": "http" })).toEqual([session]);
    expect(await cookiesOf(trustedHttp)).toEqual([session]);
  });
});
