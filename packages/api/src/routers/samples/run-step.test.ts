// "Retrieve sample" of an action: the step runs once in a worker's step-test processor (started in
// this process, on the tests' Redis) on the previous step's sample, calling a real local server.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { FlowDocument, StepSamples } from "@interflow/flow";
import { STEP_TEST_QUEUE } from "@interflow/queue";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTenant, useTestServices } from "../../testing/api-fixture";
import { useStepTestWorker } from "../../testing/step-test-worker";

// a short time limit, so that a slow step times out quickly
const services = useTestServices({ stepTestTimeLimitMs: 1_500 });
useStepTestWorker();

let server: Server;
let base = "";
let respond: (req: IncomingMessage, res: ServerResponse) => void = (_q, res) => res.end();
const received: Array<{ url: string; body: string }> = [];
/** the Authorization header of each request, in order */
const authorizations: Array<string | undefined> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ url: req.url ?? "", body });
      authorizations.push(req.headers.authorization);
      respond(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

/** hook → shape → send: `send` posts to the local server, its mapping reads the shaped body and $steps.hook */
function draft(send: { config?: Record<string, unknown>; mapping?: string } = {}): FlowDocument {
  return {
    schema: "interflow/flow@1",
    name: "Orders to CRM",
    type: "ordinary",
    nodes: [
      { id: "hook", component: "webhook", function: "receive", config: {}, position: { x: 0, y: 0 } },
      { id: "shape", component: "transform", function: "map", config: { expression: "{ 'name': customer.name }" }, position: { x: 200, y: 0 } },
      {
        id: "send",
        component: "http",
        function: "request",
        config: send.config ?? { url: `${base}/contacts` },
        mapping: "mapping" in send ? send.mapping : '{ "name": $uppercase(name), "shop": $steps.hook.shop, "via": $headers.method }',
        position: { x: 400, y: 0 },
      },
    ],
    edges: [
      { source: "hook", target: "shape" },
      { source: "shape", target: "send" },
    ],
  };
}

const takenAt = "2030-01-01T00:00:00.000Z";
const samples: StepSamples = {
  hook: { body: { customer: { name: "Ada" }, shop: "north" }, headers: { method: "POST" }, source: "webhook", takenAt },
  shape: { body: { name: "Ada" }, headers: { method: "POST" }, source: "run", takenAt },
};

async function flowOfNewTenant() {
  const tenant = await newTenant(services);
  const { id } = await tenant.caller.flows.import({ document: draft() });
  return { ...tenant, id };
}

describe("samples.runStep", () => {
  it("runs an http action on the previous sample through its mapping: the response is the new sample", async () => {
    respond = (_q, res) => json(res, 201, { contactId: "c-42" });
    const { caller, id } = await flowOfNewTenant();
    const result = await caller.samples.runStep({ id, document: draft(), stepId: "send", samples });
    expect(result).toMatchObject({
      ok: true,
      emitted: 1,
      input: { name: "ADA", shop: "north", via: "POST" },
      sample: { source: "run", headers: {}, body: { status: 201, body: { contactId: "c-42" } } },
      logs: [],
    });
    if (result.ok) expect(Date.now() - new Date(result.sample.takenAt).getTime()).toBeLessThan(10_000);
    expect(received.at(-1)).toEqual({ url: "/contacts", body: '{"name":"ADA","shop":"north","via":"POST"}' });
  });

  it("runs a step without mapping on the previous sample as it is", async () => {
    respond = (_q, res) => json(res, 200, {});
    const { caller, id } = await flowOfNewTenant();
    const result = await caller.samples.runStep({ id, document: draft({ mapping: undefined }), stepId: "send", samples });
    expect(result).toMatchObject({ ok: true, input: { name: "Ada" } });
    expect(received.at(-1)?.body).toBe('{"name":"Ada"}');
  });

  it("refuses a wrong config with BAD_REQUEST naming the field, and calls nothing", async () => {
    const { caller, id } = await flowOfNewTenant();
    const before = received.length;
    await expect(caller.samples.runStep({ id, document: draft({ config: { url: "not a url" } }), stepId: "send", samples })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "config.url: must be an absolute http:// or https:// URL",
    });
    expect(received.length).toBe(before);
  });

  it("answers a failing step as a result: a 500 is retryable, with the response", async () => {
    respond = (_q, res) => json(res, 500, { error: "database down" });
    const { caller, id } = await flowOfNewTenant();
    const result = await caller.samples.runStep({ id, document: draft(), stepId: "send", samples });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: "retryable", message: `POST ${base}/contacts answered 500`, details: { status: 500, body: { error: "database down" } } },
      input: { name: "ADA", shop: "north", via: "POST" },
    });
  });

  it("answers timeout for a step that takes longer than the time limit", async () => {
    respond = (_q, res) => setTimeout(() => json(res, 200, {}), 5_000).unref();
    const { caller, id } = await flowOfNewTenant();
    const started = Date.now();
    const result = await caller.samples.runStep({ id, document: draft(), stepId: "send", samples });
    expect(result).toMatchObject({ ok: false, error: { kind: "timeout", message: "the step did not finish within its time limit of 1500 ms" } });
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it("answers a mapping that fails on the sample as a failing step", async () => {
    const { caller, id } = await flowOfNewTenant();
    const result = await caller.samples.runStep({ id, document: draft({ mapping: '$error("no name")' }), stepId: "send", samples });
    expect(result).toEqual({ ok: false, error: { kind: "step-error", message: "mapping failed: no name (at character 7)" }, input: null, logs: [] });
  });

  it("points a failing mapping field's error into that field's own expression", async () => {
    const { caller, id } = await flowOfNewTenant();
    const mapping = '{\n  "name": customer.name,\n  "twice": "two" * 2\n}';
    const result = await caller.samples.runStep({ id, document: draft({ mapping }), stepId: "send", samples });
    expect(result).toMatchObject({ ok: false, error: { kind: "step-error", message: expect.stringMatching(/^mapping failed: field "twice": .+ \(at character 7 of its expression\)$/) } });
  });

  it("says what is missing: the previous step's sample, a step before it, the step itself", async () => {
    const { caller, id } = await flowOfNewTenant();
    await expect(caller.samples.runStep({ id, document: draft(), stepId: "send", samples: { hook: samples.hook as never } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: 'samples.shape: the step before ("shape") has no sample yet: retrieve its sample first',
    });
    const unconnected = { ...draft(), edges: [{ source: "hook", target: "shape" }] };
    await expect(caller.samples.runStep({ id, document: unconnected, stepId: "send", samples })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: 'stepId: step "send" has no step before it: connect it to the step whose sample it should run on',
    });
    await expect(caller.samples.runStep({ id, document: draft(), stepId: "nope", samples })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: 'stepId: the draft has no step "nope"',
    });
    await expect(caller.samples.runStep({ id, document: draft(), stepId: "hook", samples })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.samples.runStep({ id: "no-such-flow", document: draft(), stepId: "send", samples })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("samples.runStep with the step's credential", () => {
  const TOKEN = `tok_${randomBytes(16).toString("hex")}`;
  const requireToken = (req: IncomingMessage, res: ServerResponse) =>
    req.headers.authorization === `Bearer ${TOKEN}` ? json(res, 201, { contactId: "c-7" }) : json(res, 401, { error: "sign in first" });
  /** the draft whose "send" step signs in with `credentialId` */
  const signedIn = (credentialId: string): FlowDocument => {
    const document = draft();
    return { ...document, nodes: document.nodes.map((node) => (node.id === "send" ? { ...node, credentialId } : node)) };
  };
  const bearer = (caller: Awaited<ReturnType<typeof newTenant>>["caller"], name = "CRM token") =>
    caller.credentials.create({ name, component: "http", authKind: "bearer", secrets: { token: TOKEN } });

  it("signs the step in with it, as a runner would: the API takes the request, and the token is nowhere in the answer", async () => {
    respond = requireToken;
    const { caller, id } = await flowOfNewTenant();
    const credential = await bearer(caller);
    const result = await caller.samples.runStep({ id, document: signedIn(credential.id), stepId: "send", samples });
    expect(result).toMatchObject({ ok: true, emitted: 1, sample: { body: { status: 201, body: { contactId: "c-7" } } } });
    expect(authorizations.at(-1)).toBe(`Bearer ${TOKEN}`);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it("without it, the API refuses the step: a step error with its 401", async () => {
    respond = requireToken;
    const { caller, id } = await flowOfNewTenant();
    await bearer(caller);
    const result = await caller.samples.runStep({ id, document: draft(), stepId: "send", samples });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: "step-error", message: `POST ${base}/contacts answered 401`, details: { status: 401, body: { error: "sign in first" } } },
    });
    expect(authorizations.at(-1)).toBeUndefined();
  });

  it("refuses a credential of another workspace, of another component, or one only named: BAD_REQUEST, and calls nothing", async () => {
    const { caller, id } = await flowOfNewTenant();
    const theirs = await bearer((await newTenant(services)).caller);
    const crm = await caller.credentials.create({ name: "CRM key", component: "test-crm", values: { region: "eu" }, secrets: { apiKey: `crm_${TOKEN}` } });
    const before = received.length;
    for (const credentialId of [theirs.id, crm.id]) {
      await expect(caller.samples.runStep({ id, document: signedIn(credentialId), stepId: "send", samples })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: `credentialId: node "send": credential ${credentialId} is not a credential of this workspace's http component`,
      });
    }
    const named = draft();
    named.nodes = named.nodes.map((node) => (node.id === "send" ? { ...node, credential: { name: "CRM token", component: "http" } } : node));
    await expect(caller.samples.runStep({ id, document: named, stepId: "send", samples })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^credential: node "send": credential "CRM token" is named, not chosen/),
    });
    expect(received.length).toBe(before);
  });
});

describe("samples.runStep without a worker", () => {
  // a Redis database no step-test processor serves
  const alone = useTestServices({ redisDb: 12, stepTestTimeLimitMs: 100 });

  it("tells the person that no worker answered, and leaves no test behind for a worker started later", async () => {
    const tenant = await newTenant(alone);
    const { id } = await tenant.caller.flows.import({ document: draft() });
    const before = received.length;
    await expect(tenant.caller.samples.runStep({ id, document: draft(), stepId: "send", samples })).rejects.toMatchObject({
      code: "INTERNAL_SERVER_ERROR",
      message: "no worker answered within 5 s: is the worker running?",
    });
    expect(received.length).toBe(before);
    const queue = new Queue(STEP_TEST_QUEUE.name, { connection: alone.redis, prefix: STEP_TEST_QUEUE.prefix });
    expect(await queue.getJobCounts("waiting", "active", "delayed", "prioritized")).toEqual({ waiting: 0, active: 0, delayed: 0, prioritized: 0 });
    await queue.close();
  }, 15_000);
});
