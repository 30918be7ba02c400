// Checking a credential: a component's `verify` against a real local HTTP server — a good secret,
// a bad one (named at its field), a host nobody answers on, one that answers too late — and the
// same check asked through the step-test queue on real Redis, its secrets sealed in the job.
import { createServer, type Server } from "node:http";
import { createRedis, StepTestClient } from "@interflow/queue";
import { defineAction, defineComponent } from "@interflow/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStepTestProcessor } from "./step-test";
import { verifyCredentialOnce } from "./verify-credential";

const GOOD_KEY = "k-good-7f3a";
let server: Server;
let base = "";
let delayMs = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    setTimeout(() => {
      res.writeHead(req.headers["x-api-key"] === GOOD_KEY ? 200 : 401, { "content-type": "application/json" });
      res.end("{}");
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

/** A component of the test whose credential is an API key, checked with one authenticated request. */
const crm = defineComponent({
  name: "crm",
  title: "CRM",
  description: "A CRM of the test",
  credentials: [
    {
    authKind: "api-key",
    title: "API key",
    fields: [
      { key: "baseUrl", label: "Address", type: "text", required: true },
      { key: "apiKey", label: "API key", type: "password", required: true },
    ],
    verify: async ({ fields, signal }) => {
      const response = await fetch(`${fields.baseUrl}/me`, { headers: { "x-api-key": String(fields.apiKey) }, signal });
      return response.ok ? { verified: true } : { verified: false, field: "apiKey", message: `the CRM refused the API key (HTTP ${response.status})` };
    },
    },
  ],
  functions: { noop: defineAction({ title: "Nothing", description: "" }) },
});

describe("verifying a credential", () => {
  it("is verified with the right secret, and names the field with a wrong one", async () => {
    expect(await verifyCredentialOnce({ component: crm, authKind: "api-key", fields: { baseUrl: base, apiKey: GOOD_KEY }, timeLimitMs: 5_000 })).toEqual({ verified: true });
    expect(await verifyCredentialOnce({ component: crm, authKind: "api-key", fields: { baseUrl: base, apiKey: "wrong" }, timeLimitMs: 5_000 })).toEqual({
      verified: false,
      field: "apiKey",
      message: "the CRM refused the API key (HTTP 401)",
    });
  });

  it("says why when the host does not answer, or answers after the time limit", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = await verifyCredentialOnce({ component: crm, authKind: "api-key", fields: { baseUrl: `http://127.0.0.1:${port}`, apiKey: GOOD_KEY }, timeLimitMs: 5_000 });
    expect(unreachable).toMatchObject({ verified: false, message: expect.stringContaining("fetch failed") });

    delayMs = 1_000;
    try {
      const late = await verifyCredentialOnce({ component: crm, authKind: "api-key", fields: { baseUrl: base, apiKey: GOOD_KEY }, timeLimitMs: 200 });
      expect(late).toMatchObject({ verified: false, timedOut: true, message: expect.stringContaining("no answer within") });
    } finally {
      delayMs = 0;
    }
  });

  it("refuses to pretend when the component cannot verify", async () => {
    const plain = defineComponent({ name: "plain", title: "Plain", description: "", functions: {} });
    expect(await verifyCredentialOnce({ component: plain, authKind: "api-key", fields: {}, timeLimitMs: 1_000 })).toMatchObject({
      verified: false,
      message: expect.stringContaining("cannot verify a credential of this kind (api-key)"),
    });
  });

  it("runs in a worker taking it from the queue, opening the sealed secrets there", async () => {
    // a Redis database of its own: no other process's worker takes this check
    const url = new URL(process.env.REDIS_URL as string);
    url.pathname = "/12";
    const redisUrl = url.toString();
    // a stand-in seal of the test (the real one is the installation's AES-256-GCM, tested with it)
    const seal = (secrets: Record<string, unknown>) => ({ credentialId: "c-1", envelope: Buffer.from(JSON.stringify(secrets)).toString("base64") });
    const opened: string[] = [];
    const processor = await startStepTestProcessor({
      redisUrl,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      components: [crm],
      openSecrets: (sealed) => {
        opened.push(sealed.envelope);
        return JSON.parse(Buffer.from(sealed.envelope, "base64").toString("utf8"));
      },
    });
    const redis = createRedis(redisUrl);
    const client = new StepTestClient(redis);
    try {
      const sealed = seal({ apiKey: GOOD_KEY });
      const answer = await client.verifyCredential({ component: "crm", authKind: "api-key", values: { baseUrl: base }, sealed, timeLimitMs: 5_000 });
      expect(answer).toEqual({ answered: true, result: { verified: true } });
      expect(opened).toEqual([sealed.envelope]);
      const wrong = await client.verifyCredential({ component: "crm", authKind: "api-key", values: { baseUrl: base }, sealed: seal({ apiKey: "nope" }), timeLimitMs: 5_000 });
      expect(wrong).toMatchObject({ answered: true, result: { verified: false, field: "apiKey" } });
    } finally {
      await client.close();
      await processor.close();
      await redis.quit();
    }
  });
});
