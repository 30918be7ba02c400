// The network rules of steps, against real local servers: loopback, link-local (cloud metadata),
// private ranges and names that resolve to them are refused at connect time with a step error that
// says why; an allow list opens them; the platform's own ports stay closed; redirects are not
// followed; a response larger than the limit fails the request.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { credentialDefinitionOf, StepError } from "@interflow/sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runStep } from "../testing";
import { closePostgresPools } from "../postgres/connection";
import { postgresComponent } from "../postgres/postgres";
import { query } from "../postgres/query";
import { configureEgress } from "./agent";
import { egressPolicyFromEnv, refusedRange } from "./egress";
import { request } from "./request";
import { verifyClientCredentials } from "./verify";

let server: Server;
let port = 0;
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    if (req.url === "/big") {
      res.writeHead(200, { "content-type": "text/plain" });
      const chunk = Buffer.alloc(1024 * 1024, 120);
      let sent = 0;
      const more = () => {
        while (sent < 50) {
          sent++;
          if (!res.write(chunk)) return void res.once("drain", more);
        }
        res.end();
      };
      return more();
    }
    if (req.url === "/redirect") {
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" });
      return res.end();
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"ok":true}');
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  port = (server.address() as AddressInfo).port;
});

afterEach(() => configureEgress(egressPolicyFromEnv({ INTERFLOW_EGRESS_ALLOW: "127.0.0.0/8,::1" })));
afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

const send = (url: string) => runStep(request, { config: { method: "GET", url }, body: {} });
async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(error instanceof Error)) throw new Error("expected the step to fail");
  return error;
}

describe("steps' network rules", () => {
  it("knows the ranges steps may not reach, also inside IPv6", () => {
    expect(
      ["127.0.0.1", "10.1.2.3", "172.20.0.5", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "64:ff9b::a9fe:a9fe"].map(refusedRange),
    ).toEqual(["loopback", "a private network", "a private network", "a private network", "link-local (cloud metadata)", "a carrier-grade NAT network", "this network", "loopback", "a unique-local network", "link-local", "loopback", "loopback", "link-local (cloud metadata)"]);
    expect(["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"].map(refusedRange)).toEqual([undefined, undefined, undefined]);
    expect(() => egressPolicyFromEnv({ INTERFLOW_EGRESS_ALLOW: "10.0.0.0/33" })).toThrow('INTERFLOW_EGRESS_ALLOW: "10.0.0.0/33" is not a CIDR');
    expect(() => egressPolicyFromEnv({ INTERFLOW_EGRESS_ALLOW: "http://x" })).toThrow("is neither a CIDR nor a host name");
  });

  it("refuses loopback, a name resolving to it, and cloud metadata at connect time, as a step error naming why; nothing reaches the server", async () => {
    await configureEgress(egressPolicyFromEnv({}));
    const before = hits;
    const direct = await failureOf(send(`http://127.0.0.1:${port}/orders`));
    expect(direct).toBeInstanceOf(StepError);
    expect(direct.message).toBe(
      `GET http://127.0.0.1:${port}/orders refused: 127.0.0.1 is loopback: steps may not connect there by the installation's network rules (INTERFLOW_EGRESS_ALLOW is not set; add its CIDR or host name to allow it)`,
    );
    const named = await failureOf(send(`http://localhost:${port}/orders`));
    expect(named.message).toMatch(/refused: (127\.0\.0\.1|::1) \(localhost resolves to (127\.0\.0\.1|::1)\) is loopback/);
    const metadata = await failureOf(send("http://169.254.169.254/latest/meta-data/"));
    expect(metadata.message).toMatch(/169\.254\.169\.254 is link-local \(cloud metadata\)/);
    const v6 = await failureOf(send(`http://[::ffff:127.0.0.1]:${port}/orders`));
    expect(v6.message).toMatch(/is loopback/);
    expect(hits).toBe(before);
  });

  it("an allow list opens a range or a host name; the platform's own ports stay closed", async () => {
    await configureEgress(egressPolicyFromEnv({ INTERFLOW_EGRESS_ALLOW: "127.0.0.0/8" }));
    expect((await send(`http://127.0.0.1:${port}/orders`)).emitted[0]).toMatchObject({ status: 200, body: { ok: true } });
    await configureEgress(egressPolicyFromEnv({ INTERFLOW_EGRESS_ALLOW: "localhost" }));
    expect((await send(`http://localhost:${port}/orders`)).emitted[0]).toMatchObject({ status: 200 });
    await configureEgress(egressPolicyFromEnv({ INTERFLOW_EGRESS_ALLOW: "127.0.0.0/8", INTERFLOW_PLATFORM_PORTS: `3000,${port}` }));
    expect((await failureOf(send(`http://127.0.0.1:${port}/orders`))).message).toMatch(`127.0.0.1:${port} is one of the platform's own services: steps may not reach it`);
  });

  it("an OAuth2 token URL on cloud metadata or loopback is refused the same way, at the field", async () => {
    await configureEgress(egressPolicyFromEnv({}));
    const before = hits;
    const verify = (tokenUrl: string) => verifyClientCredentials({ fields: { tokenUrl, clientId: "app", clientSecret: "s3cret" }, signal: AbortSignal.timeout(5_000), fetch });
    expect(await verify("http://169.254.169.254/latest/meta-data/iam/token")).toEqual({
      verified: false,
      field: "tokenUrl",
      message: expect.stringMatching(/^the token endpoint at 169\.254\.169\.254 is refused: 169\.254\.169\.254 is link-local \(cloud metadata\)/),
    });
    expect(await verify(`http://localhost:${port}/token`)).toMatchObject({ verified: false, field: "tokenUrl", message: expect.stringMatching(/is refused: .* is loopback/) });
    expect(hits).toBe(before);
  });

  it("a database step and its Verify obey the same rules: PostgreSQL on loopback, by address, by a name resolving to it or by a local socket, is refused; the platform's own stays closed; allowed, it answers", async () => {
    const database = new URL(process.env.DATABASE_URL ?? "");
    const at = (host: string) => {
      const url = new URL(database);
      url.hostname = host;
      return url.toString();
    };
    const select = (connectionString: string) => runStep(query, { config: { sql: "SELECT 1 AS one" }, body: {}, credential: { authKind: "custom", fields: { connectionString } } });
    const verify = (connectionString: string) =>
      credentialDefinitionOf(postgresComponent, "custom")?.verify?.({ fields: { connectionString }, signal: new AbortController().signal, fetch });
    try {
      await configureEgress(egressPolicyFromEnv({}));
      const direct = await failureOf(select(at("127.0.0.1")));
      expect(direct).toBeInstanceOf(StepError);
      expect(direct.message).toContain(`127.0.0.1:${database.port}${database.pathname} refused: 127.0.0.1 is loopback: steps may not connect there`);
      expect((await failureOf(select(at("localhost")))).message).toMatch(/localhost resolves to (127\.0\.0\.1|::1)\) is loopback/);
      // host=/var/run/postgresql: PostgreSQL's local socket
      const socket = `postgres://postgres@${encodeURIComponent("/var/run/postgresql")}/postgres`;
      expect((await failureOf(select(socket))).message).toContain("is a local socket on this machine: steps may not connect there");
      expect(await verify(at("127.0.0.1"))).toMatchObject({ verified: false, field: "connectionString", message: expect.stringContaining("127.0.0.1 is loopback") });

      await configureEgress(egressPolicyFromEnv({ INTERFLOW_EGRESS_ALLOW: "127.0.0.0/8", INTERFLOW_PLATFORM_PORTS: database.port }));
      expect((await failureOf(select(at("127.0.0.1")))).message).toContain(`127.0.0.1:${database.port} is one of the platform's own services: steps may not reach it`);

      await configureEgress(egressPolicyFromEnv({ INTERFLOW_EGRESS_ALLOW: "127.0.0.0/8" }));
      expect((await select(at("127.0.0.1"))).emitted).toEqual([expect.objectContaining({ rows: [{ one: 1 }] })]);
    } finally {
      await closePostgresPools();
    }
  });

  it("does not follow a redirect (to cloud metadata, say): it fails, naming where it pointed", async () => {
    await configureEgress(egressPolicyFromEnv({ INTERFLOW_EGRESS_ALLOW: "127.0.0.0/8" }));
    const redirected = await failureOf(send(`http://127.0.0.1:${port}/redirect`));
    expect(redirected).toBeInstanceOf(StepError);
    expect(redirected.message).toMatch(/answered 302 \(redirects are not followed; location: http:\/\/169\.254\.169\.254\/latest\/meta-data\/\)/);
  });

  it("fails a response larger than the limit (10 MiB) instead of holding 50 MB", async () => {
    await configureEgress(egressPolicyFromEnv({ INTERFLOW_EGRESS_ALLOW: "127.0.0.0/8" }));
    const big = await failureOf(send(`http://127.0.0.1:${port}/big`));
    expect(big).toBeInstanceOf(StepError);
    expect(big.message).toBe(`GET http://127.0.0.1:${port}/big: the response body is larger than 10485760 bytes, the limit (INTERFLOW_HTTP_RESPONSE_LIMIT)`);
    // the pool is fine afterwards
    expect((await send(`http://127.0.0.1:${port}/orders`)).emitted[0]).toMatchObject({ status: 200 });
  });
});
