// Verifying credentials in a worker: the step-test processor runs in this process (on the tests'
// Redis, with the tests' encryption key) and the test component's `verify` calls a real local server.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createNetServer } from "node:net";
import { STEP_TEST_QUEUE } from "@interflow/queue";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newPerson, newTenant, useTestServices } from "../../testing/api-fixture";
import { outcomeOf } from "../../testing/procedures";
import { useStepTestWorker } from "../../testing/step-test-worker";

// a short time limit, so that a slow application times out quickly
const services = useTestServices({ stepTestTimeLimitMs: 1_000 });
useStepTestWorker();

const GOOD_KEY = `key_${randomBytes(16).toString("hex")}`;
const secret = (what: string) => `${what}_${randomBytes(16).toString("hex")}`;

let server: Server;
let base = "";
/** how long the server waits before it answers */
let delayMs = 0;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization === `Bearer ${GOOD_KEY}` ? "good" : "bad"}`);
    setTimeout(() => {
      res.writeHead(req.headers.authorization === `Bearer ${GOOD_KEY}` ? 200 : 401, { "content-type": "application/json" });
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

async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function workspace() {
  const tenant = await newTenant(services);
  const editor = await newPerson(services, { workspaceId: tenant.workspaceId, role: "editor" });
  const owner = await newPerson(services, { workspaceId: tenant.workspaceId, role: "owner" });
  return { ...tenant, editor, owner };
}

async function apiCredential(w: Awaited<ReturnType<typeof workspace>>, p: { baseUrl?: string; apiKey: string }) {
  return w.editor.caller.credentials.create({ name: `API ${randomBytes(4).toString("hex")}`, component: "test-api", values: { baseUrl: p.baseUrl ?? base }, secrets: { apiKey: p.apiKey } });
}

describe("credentials.verify", () => {
  it("a good secret: verified, stored with the time it was checked, and audited", async () => {
    const w = await workspace();
    const created = await apiCredential(w, { apiKey: GOOD_KEY });
    const before = Date.now();
    const { credential, result } = await w.editor.caller.credentials.verify({ id: created.id });
    expect(result).toEqual({ verified: true });
    expect(credential).toMatchObject({ id: created.id, secrets: created.secrets, verification: { status: "verified", message: null, verifiedAt: expect.any(String) } });
    expect(new Date(credential.verification.verifiedAt ?? 0).getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(seen.at(-1)).toBe("GET /me good");
    expect((await w.caller.credentials.list()).credentials).toEqual([credential]);
    const [entry] = (await w.owner.caller.audit.list()).entries.filter((e) => e.action === "credential.verify");
    expect(entry).toMatchObject({ actor: w.editor.email, target: created.name, detail: { credentialId: created.id, verified: true } });
  });

  it("a bad secret: failed, naming the field at fault, and stored so", async () => {
    const w = await workspace();
    const created = await apiCredential(w, { apiKey: secret("wrong") });
    const { credential, result } = await w.editor.caller.credentials.verify({ id: created.id });
    expect(result).toEqual({ verified: false, field: "apiKey", message: "the API refused this key (HTTP 401)" });
    expect(credential.verification).toEqual({ status: "failed", message: "the API refused this key (HTTP 401)", verifiedAt: expect.any(String) });
    expect(seen.at(-1)).toBe("GET /me bad");
    const [entry] = (await w.owner.caller.audit.list()).entries.filter((e) => e.action === "credential.verify");
    expect(entry?.detail).toEqual({ credentialId: created.id, verified: false, field: "apiKey" });

    // a good secret afterwards makes it verified again
    await w.editor.caller.credentials.update({ id: created.id, secrets: { apiKey: GOOD_KEY } });
    expect((await w.editor.caller.credentials.verify({ id: created.id })).credential.verification).toMatchObject({ status: "verified", message: null });
  });

  it("an unreachable host: failed with the reason", async () => {
    const w = await workspace();
    const port = await closedPort();
    const created = await apiCredential(w, { baseUrl: `http://127.0.0.1:${port}`, apiKey: GOOD_KEY });
    const { credential, result } = await w.editor.caller.credentials.verify({ id: created.id });
    expect(result).toEqual({ verified: false, message: `cannot reach 127.0.0.1:${port} (ECONNREFUSED): is the base URL right?` });
    expect(credential.verification).toMatchObject({ status: "failed", message: result.message });
  });

  it("an application slower than the time limit: failed, saying so", async () => {
    const w = await workspace();
    const created = await apiCredential(w, { apiKey: GOOD_KEY });
    delayMs = 2_500;
    try {
      const { credential, result } = await w.editor.caller.credentials.verify({ id: created.id });
      expect(result).toEqual({
        verified: false,
        timedOut: true,
        message: "no answer within 1 s: is the address right, and is the application reachable from the worker?",
      });
      expect(credential.verification).toMatchObject({ status: "failed", message: result.message });
    } finally {
      delayMs = 0;
    }
  });

  it("a credential its component cannot verify: says so and stores nothing", async () => {
    const w = await workspace();
    const created = await w.editor.caller.credentials.create({ name: "Transform secret", component: "transform", authKind: "bearer", secrets: { token: secret("t") } });
    const { credential, result } = await w.editor.caller.credentials.verify({ id: created.id });
    expect(result).toEqual({ verified: false, message: "the Transform component cannot verify a credential of this kind (bearer): save it and try it in a flow" });
    expect(credential).toEqual(created);
    expect((await w.owner.caller.audit.list()).entries.filter((e) => e.action === "credential.verify")).toEqual([]);
  });

  it("is NOT_FOUND for a credential of another workspace, and FORBIDDEN for a viewer", async () => {
    const w = await workspace();
    const created = await apiCredential(w, { apiKey: GOOD_KEY });
    const other = await workspace();
    expect(await outcomeOf(other.editor.caller.credentials.verify({ id: created.id }))).toEqual({ ok: false, code: "NOT_FOUND", message: `credential ${created.id} not found` });
    const viewer = await newPerson(services, { workspaceId: w.workspaceId, role: "viewer" });
    expect(await outcomeOf(viewer.caller.credentials.verify({ id: created.id }))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect((await w.caller.credentials.list()).credentials[0]?.verification.status).toBe("unverified");
  });
});

describe("credentials.test (the wizard's Verify before saving)", () => {
  it("checks the fields as they are typed, in a worker, and stores nothing", async () => {
    const w = await workspace();
    const good = await w.editor.caller.credentials.test({ component: "test-api", values: { baseUrl: base }, secrets: { apiKey: GOOD_KEY } });
    expect(good).toEqual({ verified: true });
    expect(seen.at(-1)).toBe("GET /me good");
    const bad = await w.editor.caller.credentials.test({ component: "test-api", values: { baseUrl: base }, secrets: { apiKey: secret("wrong") } });
    expect(bad).toEqual({ verified: false, field: "apiKey", message: "the API refused this key (HTTP 401)" });
    // a component that checks without calling out
    expect(await w.editor.caller.credentials.test({ component: "test-crm", values: { region: "eu" }, secrets: { apiKey: `crm_${secret("k")}` } })).toEqual({ verified: true });
    expect(await services.db.prisma.credential.count({ where: { workspaceId: w.workspaceId } })).toBe(0);
    expect((await w.owner.caller.audit.list()).entries.filter((e) => e.action.startsWith("credential."))).toEqual([]);
  });

  it("refuses fields that create would refuse, naming them, before asking a worker", async () => {
    const w = await workspace();
    const before = seen.length;
    const refusals = await Promise.all([
      outcomeOf(w.editor.caller.credentials.test({ component: "test-api", values: { baseUrl: base, apiKey: GOOD_KEY }, secrets: {} })),
      outcomeOf(w.editor.caller.credentials.test({ component: "test-api", authKind: "bearer", values: { baseUrl: base }, secrets: { apiKey: GOOD_KEY } })),
      outcomeOf(w.editor.caller.credentials.test({ component: "no-such-thing", values: {}, secrets: {} })),
    ]);
    expect(refusals.map((r) => (r.ok ? "ok" : `${r.code}: ${r.message}`))).toEqual([
      "BAD_REQUEST: values.apiKey: a secret field: send it in secrets; secrets.apiKey: required",
      'BAD_REQUEST: authKind: a credential of test-api is "api-key", not "bearer"',
      'BAD_REQUEST: component: "no-such-thing" is not an installed component',
    ]);
    expect(seen.length).toBe(before);
  });
});

describe("credentials.verify without a worker", () => {
  // a Redis database no step-test processor serves
  const alone = useTestServices({ redisDb: 13, stepTestTimeLimitMs: 100 });

  it("says that no worker answered, stores nothing, and leaves no check behind", async () => {
    const tenant = await newTenant(alone);
    const created = await tenant.caller.credentials.create({ name: "CRM", component: "test-crm", values: { region: "eu" }, secrets: { apiKey: `crm_${secret("k")}` } });
    const refused = { code: "INTERNAL_SERVER_ERROR", message: "no worker answered within 5 s: is the worker running?" };
    await expect(tenant.caller.credentials.verify({ id: created.id })).rejects.toMatchObject(refused);
    await expect(tenant.caller.credentials.test({ component: "test-crm", values: { region: "eu" }, secrets: { apiKey: "crm_x" } })).rejects.toMatchObject(refused);
    expect((await tenant.caller.credentials.list()).credentials).toEqual([created]);
    const queue = new Queue(STEP_TEST_QUEUE.name, { connection: alone.redis, prefix: STEP_TEST_QUEUE.prefix });
    expect(await queue.getJobCounts("waiting", "active", "delayed", "prioritized")).toEqual({ waiting: 0, active: 0, delayed: 0, prioritized: 0 });
    await queue.close();
  }, 20_000);
});
