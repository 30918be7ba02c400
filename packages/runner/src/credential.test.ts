// A step runner signing in with its step's credential, on real Redis, against a real local HTTP
// server that requires the bearer token: opened with the key its step was given, and refused at
// boot without it, or with the key of another step.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { MessageEnvelope } from "@interflow/flow";
import {
  createRedis,
  type Deployment,
  flowQueuePrefix,
  keys,
  newStepCredentialKey,
  readCredentialFailures,
  readHandedOver,
  redactValues,
  STEP_JOB,
  sealStepCredential,
  stepConfigDigest,
} from "@interflow/queue";
import { Queue } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RunningStep, startRunner } from "./runner";

const TOKEN = `tok_${randomUUID()}`;
const redisUrl = process.env.REDIS_URL as string;
const redis = createRedis(redisUrl);
const silent = { info: () => {}, warn: () => {}, error: () => {} };
let server: Server;
let port = 0;
const authorizations: Array<string | undefined> = [];
const running: RunningStep[] = [];
const queues: Queue[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      authorizations.push(req.headers.authorization);
      res.writeHead(req.headers.authorization === `Bearer ${TOKEN}` ? 200 : 401, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
  await Promise.all(queues.splice(0).map((q) => q.close()));
  authorizations.length = 0;
});
afterAll(async () => {
  server.close();
  await redis.quit();
});

/** deploys `source → call → after`, whose `call` step signs in with a bearer credential (`token`) sealed with `key` */
async function deploy(key: string, token = TOKEN): Promise<{ flowId: string; call: Queue; after: Queue }> {
  const flowId = `cred${randomUUID().replaceAll("-", "")}`;
  const credential = { authKind: "bearer", values: {}, secrets: { token } };
  const call = { id: "call", component: "http", function: "request", config: { method: "POST", url: `http://127.0.0.1:${port}/target` }, replicas: 1, next: ["after"] };
  const deployment: Deployment = {
    flowId,
    workspaceId: "ws",
    flowVersion: 1,
    flowType: "ordinary",
    triggerStepId: "source",
    executions: "all",
    steps: {
      source: { id: "source", component: "webhook", function: "receive", config: {}, replicas: 1, next: ["call"] },
      call: {
        ...call,
        credential: { id: "credential-1", sealed: sealStepCredential({ key, binding: { flowId, flowVersion: 1, stepId: "call", config: stepConfigDigest(call) }, credential }) },
      },
      after: { id: "after", component: "transform", function: "map", config: { expression: "$" }, replicas: 1, next: [] },
    },
  };
  const raw = JSON.stringify(deployment);
  expect(raw).not.toContain(token);
  await redis.set(keys.deployment(flowId), raw);
  const make = (name: string) => {
    const q = new Queue(name, { connection: redis, prefix: flowQueuePrefix(flowId) });
    queues.push(q);
    return q;
  };
  return { flowId, call: make("call"), after: make("after") };
}

function message(flowId: string): MessageEnvelope {
  const id = randomUUID();
  return { id, body: { n: 1 }, headers: {}, attachments: [], steps: {}, meta: { flowId, flowVersion: 1, executionId: id, stepId: "source", parentMessageId: null, traceId: id, attempt: 0 } };
}

const run = (flowId: string, stepId: string, credentialKey?: string) =>
  startRunner({ redisUrl, flowId, stepId, replica: 0, concurrency: 2, logger: silent, credentialKey }).then((runner) => {
    running.push(runner);
    return runner;
  });

describe("a step's credential in its runner", () => {
  it("signs every request of the step in, opened with the key its runners were given", async () => {
    const key = newStepCredentialKey();
    const { flowId, call, after } = await deploy(key);
    await call.add(STEP_JOB.name, { messages: [message(flowId), message(flowId)] });
    await run(flowId, "call", key);
    await expect.poll(async () => (await after.getJobs(["waiting"])).flatMap((j) => STEP_JOB.schema.parse(j.data).messages).length).toBe(2);
    expect(authorizations).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    expect(await redis.exists(keys.credentialFailures(flowId))).toBe(0);
    // opened, its secret is one this runner never prints (its log lines, a component's console.log)
    expect(redactValues(`the API answered: bad token ${TOKEN}`)).toBe("the API answered: bad token [redacted]");
  });

  it("records for the worker that the application refused it: which credential, why and when, under the step; nothing of the secret", async () => {
    const key = newStepCredentialKey();
    const wrong = `tok_wrong_${randomUUID()}`;
    const { flowId, call } = await deploy(key, wrong);
    await call.add(STEP_JOB.name, { messages: [message(flowId)] });
    await run(flowId, "call", key);
    await expect.poll(() => readCredentialFailures(redis, { flowId })).toEqual([
      { stepId: "call", failure: { credentialId: "credential-1", message: "HTTP 401", at: expect.any(String) }, raw: expect.any(String) },
    ]);
    const [stored] = (await readHandedOver(redis, flowId)).filter((r) => r.status === "failed");
    expect(stored).toMatchObject({ stepId: "call", errorKind: "step-error", errorMessage: `POST http://127.0.0.1:${port}/target answered 401`, httpStatus: 401 });
    expect(authorizations).toEqual([`Bearer ${wrong}`]);
    const recorded = await redis.hgetall(keys.credentialFailures(flowId));
    expect(JSON.stringify(recorded)).not.toContain(wrong);
  });

  it("stops the runner at boot without the key, or with another step's, saying so without the secret", async () => {
    const { flowId } = await deploy(newStepCredentialKey());
    const refusals = await Promise.all([
      run(flowId, "call").then(() => "started", (e: Error) => e.message),
      run(flowId, "call", newStepCredentialKey()).then(() => "started", (e: Error) => e.message),
    ]);
    expect(refusals).toEqual([
      'step "call" signs in with credential credential-1, and this runner was given no key to open it (on its stdin)',
      expect.stringMatching(/^the credential of step "call" cannot be opened: it fails its integrity check/),
    ]);
    // the steps without a credential start as before
    await run(flowId, "after");
    expect(authorizations).toEqual([]);
  });

  it("stops the runner at boot when its step's config was rewritten in Redis after sealing (the secret would go elsewhere)", async () => {
    const key = newStepCredentialKey();
    const { flowId } = await deploy(key);
    const deployment = JSON.parse((await redis.get(keys.deployment(flowId))) as string) as Deployment;
    const call = deployment.steps.call as Deployment["steps"][string];
    call.config = { ...call.config, url: "http://attacker.example.test/collect" };
    await redis.set(keys.deployment(flowId), JSON.stringify(deployment));
    await expect(run(flowId, "call", key)).rejects.toThrow(/^the credential of step "call" cannot be opened: it fails its integrity check/);
    expect(authorizations).toEqual([]);
  });
});
