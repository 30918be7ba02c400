// A step signs in with its own credential, decrypted, and no other — on real PostgreSQL, Redis,
// a worker process and its runner processes: a webhook → transform → http flow whose http step
// names a bearer credential delivers to a local API that requires the token; only that step's
// runners get the key to it; publishing a new version, waking from sleep and a worker's restart
// keep it signed in, each with a step key made afresh; a token the API refuses marks the credential
// failed and shows on the flow's dashboard until it is fixed; a credential of another workspace, a
// missing one or one of another component keeps the flow from starting, saying why; the worker
// verifies credentials with the installation's key; and the secret is nowhere in Redis, in the
// runners' environment or in anything the worker and its runners print.
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createCredential, createFlow, createWorkspace } from "@interflow/db";
import type { FlowDocument } from "@interflow/flow";
import {
  clearCredentialFailure,
  type Deployment,
  keys,
  type RecordedCredentialFailure,
  readCredentialFailures,
  recordCredentialFailure,
  type RunnerStatus,
  runnerRedisUser,
  sendControlCommand,
} from "@interflow/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeCredentialRefusals } from "./credential-refusals";
import { exampleFlow, type Harness, postOrder, startHarness, waitForState, workerEnvOf } from "./testing/harness";
import { redisContents } from "./testing/redis-contents";
import { buildWorker, runnerProcessesOf, WorkerProcess } from "./testing/worker-process";

const TOKEN = `tok_${randomBytes(16).toString("hex")}`;
const WRONG_TOKEN = `tok_wrong_${randomBytes(16).toString("hex")}`;

let h: Harness;
let entry: string;
let worker: WorkerProcess;
/** every worker process of this file: what they and their runners printed is searched for secrets */
const workers: WorkerProcess[] = [];

/** A local API that requires `Authorization: Bearer <TOKEN>`; it remembers what each request carried. */
class OrdersApi {
  readonly authorizations: Array<string | undefined> = [];
  private readonly server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      this.authorizations.push(req.headers.authorization);
      res.writeHead(req.headers.authorization === `Bearer ${TOKEN}` ? 200 : 401, { "content-type": "application/json" });
      res.end("{}");
    });
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function launch(env: Record<string, string> = h.encryptionKeyEnv): WorkerProcess {
  const launched = new WorkerProcess(entry, workerEnvOf({ databaseUrl: h.databaseUrl, redisUrl: h.redisUrl, INTERFLOW_IDLE_SECONDS: "3600", ...env }));
  workers.push(launched);
  return launched;
}

beforeAll(async () => {
  [h, entry] = await Promise.all([startHarness({ database: "interflow_worker_credentials_test", redisDb: 6, inProcessWorker: false }), buildWorker()]);
  worker = launch();
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await h?.close();
});

async function bearerCredential(p: { workspaceId?: string; name: string; token?: string; component?: string }): Promise<string> {
  const credential = await createCredential(h.db, {
    workspaceId: p.workspaceId ?? h.workspaceId,
    key: h.encryptionKey,
    name: p.name,
    component: p.component ?? "http",
    authKind: "bearer",
    values: {},
    secrets: { token: p.token ?? TOKEN },
    createdBy: "worker test",
  });
  return credential.id;
}

/** The example flow delivering to `api`, its http step ("deliver") signing in with `credentialId`. */
function signedInFlow(api: OrdersApi, name: string, credentialId: string): FlowDocument {
  const document = exampleFlow(api.url, name);
  return { ...document, nodes: document.nodes.map((node) => (node.id === "deliver" ? { ...node, credentialId } : node)) };
}

/**
 * Saved straight into the database, as the flows API would after its checks: what is tested here
 * is the worker, which must hand out only the flow's own workspace's credentials whatever was saved.
 */
async function saveFlow(document: FlowDocument): Promise<string> {
  return (await createFlow(h.db, { workspaceId: h.workspaceId, document })).id;
}

/** The environment a runner process of the flow was started with, by step id. */
function runnerEnvironments(flowId: string): Map<string, string[]> {
  const byStep = new Map<string, string[]>();
  for (const pid of runnerProcessesOf(flowId)) {
    const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
    const stepId = environ.find((v) => v.startsWith("INTERFLOW_STEP_ID="))?.slice("INTERFLOW_STEP_ID=".length) ?? "?";
    byStep.set(stepId, environ);
  }
  return byStep;
}

/** Neither token, nor the installation's key, in Redis or in what any worker and its runners printed. */
async function expectNoSecretShown(): Promise<void> {
  const installationKey = Object.values(h.encryptionKeyEnv)[0] as string;
  const redis = await redisContents(h.redis);
  const printed = workers.flatMap((w) => w.output).join("\n");
  expect(redis.length).toBeGreaterThan(0);
  expect(printed).toContain("step runner consuming");
  for (const secret of [TOKEN, WRONG_TOKEN, installationKey]) {
    expect(redis.includes(secret), "a secret in Redis").toBe(false);
    expect(printed.includes(secret), "a secret in the worker's or a runner's output").toBe(false);
  }
}

/** The flow's transitions, newest first, as `from>to: cause`. */
async function causesOf(flowId: string): Promise<string[]> {
  return (await h.caller.flows.transitions({ id: flowId })).transitions.map((t) => `${t.from}>${t.to}: ${t.cause}`);
}

/** Waits until a start of the flow has been turned back (starting → stopping → stopped); returns its transitions. */
async function refusedStart(flowId: string): Promise<string[]> {
  await expect.poll(async () => (await causesOf(flowId))[0]?.startsWith("stopping>stopped"), { timeout: 30_000 }).toBe(true);
  return causesOf(flowId);
}

describe("a step's credential", () => {
  it("signs the http step in on every delivery; only that step's runners get the key; a new version still signs in", async () => {
    const api = await new OrdersApi().start();
    try {
      const credentialId = await bearerCredential({ name: "Orders API" });
      const document = signedInFlow(api, "credentials: bearer", credentialId);
      const id = await saveFlow(document);
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      for (let i = 0; i < 3; i++) expect(await postOrder(h.gateway.url, id, i)).toBe(202);
      await expect.poll(() => api.authorizations.length, { timeout: 30_000 }).toBe(3);
      expect(api.authorizations).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
      expect(await h.db.prisma.failedMessage.count({ where: { flowId: id } })).toBe(0);

      const environments = runnerEnvironments(id);
      expect([...environments.keys()].sort()).toEqual(["deliver", "transform", "webhook"]);
      // every runner reads its secrets on stdin (the flow's Redis password; the deliver step's also
      // its credential key): no key and no password in any runner's environment
      const readsSecrets = (stepId: string) => environments.get(stepId)?.includes("INTERFLOW_SECRETS_ON_STDIN=1") ?? false;
      expect([readsSecrets("webhook"), readsSecrets("transform"), readsSecrets("deliver")]).toEqual([true, true, true]);
      for (const environ of environments.values()) {
        expect(environ.some((v) => v.includes(TOKEN) || v.startsWith("INTERFLOW_ENCRYPTION_KEY=") || v.includes("CREDENTIAL_KEY"))).toBe(false);
        const redisUrl = new URL(environ.find((v) => v.startsWith("REDIS_URL="))?.slice("REDIS_URL=".length) ?? "");
        expect([redisUrl.username, redisUrl.password]).toEqual([runnerRedisUser(id), ""]);
      }

      // version 2 (published through the API): its runners get the credential sealed afresh
      const next = { ...document, nodes: document.nodes.map((n) => (n.id === "deliver" ? { ...n, config: { ...n.config, timeoutMs: 20_000 } } : n)) };
      await h.caller.flows.saveDraft({ id, document: next, baseVersion: 1 });
      expect(await h.caller.flows.publish({ id })).toMatchObject({ version: 2, restarted: true });
      await expect
        .poll(async () => {
          const statuses = Object.values(await h.redis.hgetall(keys.runners(id))).map((raw) => (JSON.parse(raw) as RunnerStatus).flowVersion);
          return statuses.length === 3 && statuses.every((v) => v === 2);
        }, { timeout: 30_000 })
        .toBe(true);
      expect(await postOrder(h.gateway.url, id, 99)).toBe(202);
      await expect.poll(() => api.authorizations.length, { timeout: 30_000 }).toBe(4);
      expect(api.authorizations.at(-1)).toBe(`Bearer ${TOKEN}`);
      await expectNoSecretShown();

      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      await api.close();
    }
  });

  it("a sleeping flow woken by a webhook, and a running one after a worker restart, sign in again with a step key made afresh", async () => {
    const api = await new OrdersApi().start();
    try {
      const document = { ...signedInFlow(api, "credentials: wake and restart", await bearerCredential({ name: "Orders API (sleepy)" })), settings: { idleSeconds: 10 } };
      const id = await saveFlow(document);
      // sealed afresh (a new key, a new text) at every start of its runners
      const deliverKey = async () => (JSON.parse((await h.redis.get(keys.deployment(id))) ?? "{}") as Deployment).steps?.deliver?.credential?.sealed;
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      const first = await deliverKey();
      expect(first).toBeDefined();

      await waitForState(h.caller, id, "sleeping", 30_000);
      expect(await postOrder(h.gateway.url, id, 1)).toBe(202);
      await expect.poll(() => api.authorizations.length, { timeout: 30_000 }).toBe(1);
      // the woken runners may deliver before the worker records the wake
      await expect.poll(async () => (await causesOf(id))[0], { timeout: 10_000 }).toBe("sleeping>running: woken by a webhook");
      const woken = await deliverKey();
      expect(woken).toBeDefined();
      expect(woken).not.toBe(first);

      await worker.stop();
      worker = launch();
      await expect.poll(() => h.redis.hlen(keys.runners(id)), { timeout: 30_000 }).toBe(3);
      expect(await postOrder(h.gateway.url, id, 2)).toBe(202);
      await expect.poll(() => api.authorizations.length, { timeout: 30_000 }).toBe(2);
      expect(api.authorizations).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
      await expect.poll(deliverKey, { timeout: 10_000 }).not.toBe(woken);
      await expectNoSecretShown();
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      await api.close();
    }
  });

  it("a wrong token is refused by the API: the message is kept as a failed message, the credential is marked failed and the dashboard names it on the step until it is fixed; the token shows nowhere", async () => {
    const api = await new OrdersApi().start();
    try {
      const credentialId = await bearerCredential({ name: "Orders API (old token)", token: WRONG_TOKEN });
      const id = await saveFlow(signedInFlow(api, "credentials: wrong token", credentialId));
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      expect(await postOrder(h.gateway.url, id, 1)).toBe(202);
      await expect.poll(() => h.db.prisma.failedMessage.count({ where: { flowId: id } }), { timeout: 30_000 }).toBe(1);
      expect(api.authorizations).toEqual([`Bearer ${WRONG_TOKEN}`]);
      const stored = await h.db.prisma.failedMessage.findFirst({ where: { flowId: id } });
      expect(stored).toMatchObject({ stepId: "deliver", errorKind: "step-error", error: `POST ${api.url}/orders answered 401`, httpStatus: 401 });
      await expect.poll(() => worker.said("message failed"), { timeout: 10_000 }).toBe(true);

      // the worker's monitor marks the credential failed, naming the flow, once: the runner's record is cleared
      const message = 'refused by the application while flow "credentials: wrong token" ran (HTTP 401)';
      const credential = async () => (await h.caller.credentials.list()).credentials.find((c) => c.id === credentialId);
      await expect.poll(async () => (await credential())?.verification, { timeout: 15_000 }).toMatchObject({ status: "failed", message });
      await expect.poll(() => h.redis.exists(keys.credentialFailures(id)), { timeout: 5_000 }).toBe(0);
      expect(worker.said("credential marked failed: the application refused it")).toBe(true);

      // the dashboard names it on the step, with where to fix it
      const problems = async () => {
        const dashboard = await h.caller.flows.dashboard();
        expect(JSON.stringify(dashboard)).not.toContain(WRONG_TOKEN);
        return dashboard.flows.find((f) => f.id === id)?.steps.map((step) => [step.id, step.credentialProblem]);
      };
      expect(await problems()).toEqual([
        ["webhook", null],
        ["transform", null],
        ["deliver", { credentialId, credentialName: "Orders API (old token)", message, helpUrl: "http://localhost:3000/settings/credentials" }],
      ]);

      // fixed: the right token, and an address to verify it with; verified, the problem is gone
      const noProblem = [
        ["webhook", null],
        ["transform", null],
        ["deliver", null],
      ];
      await h.caller.credentials.update({ id: credentialId, values: { verifyUrl: `${api.url}/me` }, secrets: { token: TOKEN } });
      expect(await problems()).toEqual(noProblem);
      const verified = await h.caller.credentials.verify({ id: credentialId });
      expect(verified.result).toEqual({ verified: true });
      expect(JSON.stringify(verified)).not.toContain(TOKEN);
      expect(await problems()).toEqual(noProblem);
      expect((await credential())?.verification).toMatchObject({ status: "verified", message: null });
      await expectNoSecretShown();
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      await api.close();
    }
  });

  it("a refusal is stored once; one older than the credential's last change, or unreadable, is dropped; a newer one recorded meanwhile waits", async () => {
    const credentialId = await bearerCredential({ name: "Orders API (refusals)" });
    const flow = { id: await saveFlow(exampleFlow("http://127.0.0.1:9", "credentials: refusals")), name: "credentials: refusals", workspaceId: h.workspaceId };
    const logger = { info: () => {}, warn: () => {}, error: () => {} };
    const status = async () => (await h.db.prisma.credential.findUniqueOrThrow({ where: { id: credentialId } })).verificationStatus;
    const { updatedAt } = await h.db.prisma.credential.findUniqueOrThrow({ where: { id: credentialId } });

    await recordCredentialFailure(h.redis, { flowId: flow.id, stepId: "deliver", failure: { credentialId, message: "HTTP 401", at: new Date(updatedAt.getTime() - 1_000).toISOString() } });
    await h.redis.hset(keys.credentialFailures(flow.id), "transform", "not json");
    await storeCredentialRefusals({ db: h.db, redis: h.redis, logger, flow });
    expect(await status()).toBe("unverified");
    expect(await h.redis.exists(keys.credentialFailures(flow.id))).toBe(0);

    // read, then replaced by a newer refusal before it is cleared: the newer one stays for the next look
    await recordCredentialFailure(h.redis, { flowId: flow.id, stepId: "deliver", failure: { credentialId, message: "HTTP 401", at: new Date().toISOString() } });
    const [read] = await readCredentialFailures(h.redis, { flowId: flow.id });
    await recordCredentialFailure(h.redis, { flowId: flow.id, stepId: "deliver", failure: { credentialId, message: "HTTP 403", at: new Date().toISOString() } });
    await clearCredentialFailure(h.redis, { flowId: flow.id, recorded: read as RecordedCredentialFailure });
    await storeCredentialRefusals({ db: h.db, redis: h.redis, logger, flow });
    const stored = await h.db.prisma.credential.findUniqueOrThrow({ where: { id: credentialId } });
    expect([stored.verificationStatus, stored.verificationMessage]).toEqual(["failed", 'refused by the application while flow "credentials: refusals" ran (HTTP 403)']);
    expect(await h.redis.exists(keys.credentialFailures(flow.id))).toBe(0);
  });

  it("of another workspace, missing, or of another component: the flow does not start, and its cause names the step", async () => {
    const api = await new OrdersApi().start();
    try {
      const elsewhere = await createWorkspace(h.db, { name: `elsewhere ${randomUUID()}` });
      const foreign = await bearerCredential({ workspaceId: elsewhere.id, name: "Their API" });
      const missing = randomUUID();
      const webhookOnes = await bearerCredential({ name: "A webhook's", component: "webhook" });
      const expected: Array<[credentialId: string, cause: string]> = [
        [foreign, `step "deliver": credential ${foreign} is not one of this workspace's credentials (deleted, or another workspace's); pick one for the step`],
        [missing, `step "deliver": credential ${missing} is not one of this workspace's credentials (deleted, or another workspace's); pick one for the step`],
        [webhookOnes, `step "deliver": credential "A webhook's" is for the webhook component, not http; pick one of http`],
      ];
      for (const [credentialId, cause] of expected) {
        const id = await saveFlow(signedInFlow(api, `credentials: refused ${credentialId}`, credentialId));
        // straight to the worker, as the API's start sends it: the worker refuses whatever the API let through
        await sendControlCommand(h.services.controlQueue, { type: "start", flowId: id, workspaceId: h.workspaceId, cause: "start requested by the test" });
        const causes = await refusedStart(id);
        expect(causes).toContain(`starting>stopping: credentials unusable: ${cause}`);
        expect(causes.at(-1)).toBe("stopped>starting: start requested by the test");
        expect(runnerProcessesOf(id)).toEqual([]);
        expect(await postOrder(h.gateway.url, id, 1)).toBe(404);
      }
      expect(api.authorizations).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it("is verified by the worker with the installation's key; a worker without the key says so, and starts no flow that needs one", async () => {
    const api = await new OrdersApi().start();
    try {
      const credentialId = await bearerCredential({ name: "Orders API (to verify)" });
      const { secrets: envelope } = await h.db.prisma.credential.findUniqueOrThrow({ where: { id: credentialId } });
      const verify = () =>
        h.services.stepTests.verifyCredential({ component: "http", authKind: "bearer", values: { verifyUrl: `${api.url}/me` }, sealed: { credentialId, envelope }, timeLimitMs: 10_000 });
      expect(await verify()).toEqual({ answered: true, result: { verified: true } });
      expect(api.authorizations).toEqual([`Bearer ${TOKEN}`]);

      await worker.stop();
      // empty, not absent: the test process's environment (which the worker process inherits) may hold a key
      const keyless = launch({ INTERFLOW_ENCRYPTION_KEY: "" });
      await expect.poll(() => keyless.said("worker is the leader"), { timeout: 30_000 }).toBe(true);
      expect(await verify()).toMatchObject({ answered: true, result: { verified: false, message: expect.stringContaining("the worker has no INTERFLOW_ENCRYPTION_KEY") } });
      const id = await saveFlow(signedInFlow(api, "credentials: keyless worker", credentialId));
      await h.caller.flows.start({ id });
      expect(await refusedStart(id)).toContain(
        `starting>stopping: credentials unusable: step "deliver" signs in with credential ${credentialId}, and the worker has no INTERFLOW_ENCRYPTION_KEY to open it`,
      );
      await keyless.stop();
      worker = launch();
      await expect.poll(() => worker.said("worker is the leader"), { timeout: 30_000 }).toBe(true);
      await expectNoSecretShown();
    } finally {
      await api.close();
    }
  });
});
