import { childMessageId } from "@interflow/queue";
// A step runner on real Redis, calling a real local HTTP server: mapping with $steps, retries
// with Retry-After and backoff, the error store after the last attempt, deterministic emits.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { MessageEnvelope } from "@interflow/flow";
import { createRedis, type Deployment, flowQueuePrefix, keys, readFlowActivity, readHandedOver, STEP_JOB, type HandedOverRecord, stepJobOptions } from "@interflow/queue";
import { Queue, Worker } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RunningStep, startRunner } from "./runner";

const redisUrl = process.env.REDIS_URL as string;
const redis = createRedis(redisUrl);
const silent = { info: () => {}, warn: () => {}, error: () => {} };
let server: Server;
let port = 0;
let respond: (req: IncomingMessage, res: ServerResponse, body: string) => void = (_q, res) => res.end();
const requests: Array<{ key: string; body: string; at: number }> = [];
const running: RunningStep[] = [];
const queues: Queue[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      requests.push({ key: String(req.headers["idempotency-key"]), body, at: Date.now() });
      respond(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
  await Promise.all(queues.splice(0).map((q) => q.close()));
  requests.length = 0;
});
afterAll(async () => {
  server.close();
  await redis.quit();
});

/** deploys a two-step flow `source → call` whose `call` step is an http request to the local server */
async function deploy(mapping?: string): Promise<{ flowId: string; source: Queue; call: Queue; after: Queue }> {
  const flowId = `rt${randomUUID().replaceAll("-", "")}`;
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
        id: "call",
        component: "http",
        function: "request",
        config: { method: "POST", url: `http://127.0.0.1:${port}/target` },
        mapping,
        replicas: 1,
        next: ["after"],
      },
      after: { id: "after", component: "transform", function: "map", config: { expression: "$" }, replicas: 1, next: [] },
    },
  };
  await redis.set(keys.deployment(flowId), JSON.stringify(deployment));
  const make = (name: string) => {
    const q = new Queue(name, { connection: redis, prefix: flowQueuePrefix(flowId) });
    queues.push(q);
    return q;
  };
  return { flowId, source: make("source"), call: make("call"), after: make("after") };
}

function message(flowId: string, body: unknown, steps: Record<string, unknown> = {}): MessageEnvelope {
  const id = randomUUID();
  return {
    id,
    body,
    headers: { method: "POST" },
    attachments: [],
    steps,
    meta: { flowId, flowVersion: 1, executionId: id, stepId: "source", parentMessageId: null, traceId: id, attempt: 0 },
  };
}

async function run(flowId: string, stepId: string, retry = { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 }) {
  const runner = await startRunner({ redisUrl, flowId, stepId, replica: 0, concurrency: 5, logger: silent, retry });
  running.push(runner);
  return runner;
}

async function emitted(queue: Queue): Promise<MessageEnvelope[]> {
  const jobs = await queue.getJobs(["waiting"]);
  return jobs.flatMap((j) => STEP_JOB.schema.parse(j.data).messages);
}

/** the failed messages a runner handed over for the worker's failed messages */
async function failedOf(flowId: string): Promise<HandedOverRecord[]> {
  return (await readHandedOver(redis, flowId)).filter((r) => r.status === "failed");
}

describe("step runner", () => {
  it("applies the mapping with $steps and $headers, calls the component and emits its output with deterministic ids", async () => {
    respond = (_q, res) => {
      res.writeHead(201, { "content-type": "application/json" });
      res.end('{"created":true}');
    };
    const { flowId, call, after } = await deploy('{ "name": name, "from": $steps.source.shop, "via": $headers.method }');
    const input = message(flowId, { name: "Ada" }, { source: { shop: "north" } });
    await call.add(STEP_JOB.name, { messages: [input] });
    await run(flowId, "call");
    await expect.poll(async () => (await emitted(after)).length).toBe(1);
    expect(JSON.parse(requests[0]?.body ?? "")).toEqual({ name: "Ada", from: "north", via: "POST" });
    expect(requests[0]?.key).toBe(input.id);
    const [out] = await emitted(after);
    expect(out?.id).toBe(childMessageId(input.id, "call", 0));
    expect(out?.body).toMatchObject({ status: 201, body: { created: true } });
    expect(out?.meta).toMatchObject({ stepId: "call", parentMessageId: input.id, attempt: 0 });
    expect(out?.steps).toMatchObject({ source: { shop: "north" }, call: { status: 201 } });
  });

  it("leaves a message sent again on a newer version (restored for it) to that version's runners; an ordinary one of that version it runs", async () => {
    respond = (_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    };
    const { flowId, call, after } = await deploy();
    // a runner of version 1, running when version 2 is deployed (its runners on their way)
    const old = await run(flowId, "call");
    const deployment = JSON.parse((await redis.get(keys.deployment(flowId))) ?? "{}") as Deployment;
    await redis.set(keys.deployment(flowId), JSON.stringify({ ...deployment, flowVersion: 2 }));
    const base = message(flowId, { n: "replayed" });
    const replayed: MessageEnvelope = { ...base, meta: { ...base.meta, flowVersion: 2, replayOf: "e-1" } };
    const ordinary = message(flowId, { n: "ordinary" });
    await call.add(STEP_JOB.name, { messages: [replayed] });
    await call.add(STEP_JOB.name, { messages: [ordinary] });
    await expect.poll(async () => (await emitted(after)).length).toBe(1);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(requests.map((r) => r.key)).toEqual([ordinary.id]);
    expect(await call.getDelayedCount()).toBe(1);

    // version 2's runner replaces it and takes the message
    await old.close();
    await run(flowId, "call");
    await expect.poll(async () => (await emitted(after)).length, { timeout: 5_000 }).toBe(2);
    expect(requests.map((r) => r.key)).toEqual([ordinary.id, replayed.id]);
  });

  it("runs a message sent again on a version that was never deployed (its redeploy refused): held, it would wait for ever", async () => {
    respond = (_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    };
    const { flowId, call, after } = await deploy();
    const base = message(flowId, { n: "replayed" });
    await call.add(STEP_JOB.name, { messages: [{ ...base, meta: { ...base.meta, flowVersion: 2, replayOf: "e-1" } }] });
    await run(flowId, "call");
    await expect.poll(async () => (await emitted(after)).length).toBe(1);
    expect(requests.map((r) => r.key)).toEqual([base.id]);
  });

  it("retries a 429 after its Retry-After, with the same Idempotency-Key, then delivers once", async () => {
    let calls = 0;
    respond = (_q, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(429, { "retry-after": "1" });
        res.end();
      } else {
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
      }
    };
    const { flowId, call, after } = await deploy();
    const input = message(flowId, { n: 1 });
    await call.add(STEP_JOB.name, { messages: [input] });
    await run(flowId, "call");
    await expect.poll(async () => (await emitted(after)).length, { timeout: 10_000 }).toBe(1);
    expect(requests.map((r) => r.key)).toEqual([input.id, input.id]);
    const waited = (requests[1]?.at ?? 0) - (requests[0]?.at ?? 0);
    expect(waited).toBeGreaterThanOrEqual(900);
  });

  it("retries 5xx with exponential backoff and hands the message over as failed after the last attempt", async () => {
    respond = (_q, res) => {
      res.writeHead(503);
      res.end("down");
    };
    const { flowId, call, after } = await deploy();
    const input = message(flowId, { n: 2 });
    await call.add(STEP_JOB.name, { messages: [input] });
    await run(flowId, "call", { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 });
    await expect.poll(async () => (await failedOf(flowId)).length, { timeout: 10_000 }).toBe(1);
    expect(requests.length).toBe(3);
    const gaps = [(requests[1]?.at ?? 0) - (requests[0]?.at ?? 0), (requests[2]?.at ?? 0) - (requests[1]?.at ?? 0)];
    expect(gaps[0]).toBeGreaterThanOrEqual(90);
    expect(gaps[1]).toBeGreaterThanOrEqual(190);
    const [entry] = await failedOf(flowId);
    expect(entry).toMatchObject({ stepId: "call", attempts: 3, attempt: 2, errorKind: "retryable", httpStatus: 503, message: { id: input.id, body: { n: 2 } } });
    // every try is recorded: two that will be retried, then the failure
    const tries = (await readHandedOver(redis, flowId)).map((r) => [r.status, r.attempt, r.retrying, r.pending]);
    expect(tries).toEqual([
      ["retrying", 0, 1, 0],
      ["retrying", 1, 0, 0],
      ["failed", 2, -1, -1],
    ]);
    expect(await emitted(after)).toEqual([]);
  });

  it("does not retry a 404: the message is handed over as failed with the response attached", async () => {
    respond = (_q, res) => {
      res.writeHead(404, { "content-type": "application/json" });
      res.end('{"error":"no such customer"}');
    };
    const { flowId, call } = await deploy();
    await call.add(STEP_JOB.name, { messages: [message(flowId, { n: 3 })] });
    await run(flowId, "call");
    await expect.poll(async () => (await failedOf(flowId)).length).toBe(1);
    expect(requests.length).toBe(1);
    const [entry] = await failedOf(flowId);
    expect(entry).toMatchObject({ errorKind: "step-error", httpStatus: 404, output: { status: 404, body: { error: "no such customer" } } });
  });

  it("keeps the healthy messages of a batch moving when one of them fails", async () => {
    respond = (_q, res, body) => {
      res.writeHead(JSON.parse(body).bad ? 400 : 200, { "content-type": "application/json" });
      res.end("{}");
    };
    const { flowId, call, after } = await deploy();
    await call.add(STEP_JOB.name, { messages: [message(flowId, { n: 1 }), message(flowId, { bad: true }), message(flowId, { n: 3 })] });
    await run(flowId, "call");
    await expect.poll(async () => (await emitted(after)).length).toBe(2);
    expect((await failedOf(flowId)).map((r) => r.message?.body)).toEqual([{ bad: true }]);
  });

  it("runs a job that stalled before it came up (waiting in its queue at start) alone, without failing a try", async () => {
    respond = (_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    };
    const { flowId, call, after } = await deploy();
    const input = message(flowId, { name: "after a crash" });
    await call.add(STEP_JOB.name, { messages: [input] }, { ...STEP_JOB.options, jobId: "stalled-once" });
    // what BullMQ's stalled check leaves on a job whose runner died under it
    await redis.hset(`${flowQueuePrefix(flowId)}:call:stalled-once`, "stc", 1);
    const errors: string[] = [];
    const runner = await startRunner({ redisUrl, flowId, stepId: "call", replica: 0, concurrency: 5, logger: { ...silent, error: (msg, fields) => errors.push(`${msg} ${JSON.stringify(fields)}`) } });
    running.push(runner);
    await expect.poll(async () => (await emitted(after)).length).toBe(1);
    expect(requests).toHaveLength(1);
    // taken before the runner was wired, it failed a try ("Cannot access 'worker' before initialization")
    expect(errors).toEqual([]);
  });

  it("reports itself as consuming in the flow's runner table and leaves it on close", async () => {
    const { flowId } = await deploy();
    const runner = await run(flowId, "call");
    const status = JSON.parse((await redis.hget(keys.runners(flowId), "call.0")) as string);
    expect(status).toMatchObject({ stepId: "call", replica: 0, flowVersion: 1, consuming: true, pid: process.pid });
    await runner.close();
    expect(await redis.hget(keys.runners(flowId), "call.0")).toBeNull();
  });

  it("takes a batch out of its queue's backlog once it is done, and counts its emits into the next queue's", async () => {
    respond = (_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    };
    const { flowId, call, after } = await deploy();
    await redis.hset(keys.backlog(flowId), "call.messages", 2, "call.bytes", 300);
    await call.add(STEP_JOB.name, { messages: [message(flowId, { n: 1 }), message(flowId, { n: 2 })], bytes: 300 });
    await run(flowId, "call");
    await expect.poll(async () => (await emitted(after)).length).toBe(2);
    expect(await redis.hmget(keys.backlog(flowId), "call.messages", "call.bytes")).toEqual(["0", "0"]);
    // and counts what it emitted into the next queue's backlog, with the bytes of the batch's JSON
    const [job] = await after.getJobs(["waiting"]);
    const data = job?.data as { messages: unknown; bytes?: number } | undefined;
    const bytes = data?.bytes ?? 0;
    expect(bytes).toBe(Buffer.byteLength(JSON.stringify(data?.messages)));
    expect(await redis.hmget(keys.backlog(flowId), "after.messages", "after.bytes")).toEqual(["2", String(bytes)]);
  });

  it("counts a job into the backlogs once, even when it is processed again after a crash", async () => {
    respond = (_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    };
    const { flowId, call, after } = await deploy();
    const data = { messages: [message(flowId, { n: 1 }), message(flowId, { n: 2 })], bytes: 10 };
    await redis.hset(keys.backlog(flowId), "call.messages", 2, "call.bytes", 10);
    await call.add(STEP_JOB.name, data, { jobId: "job-1", removeOnComplete: true });
    await run(flowId, "call");
    await expect.poll(async () => (await emitted(after)).length).toBe(2);
    const once = await redis.hgetall(keys.backlog(flowId));
    // the same job once more: what a replica does with the job of a runner killed before completing it
    await call.add(STEP_JOB.name, data, { jobId: "job-1", removeOnComplete: true });
    await expect.poll(async () => Object.values(await call.getJobCounts("waiting", "active")).reduce((a, b) => a + b, 0)).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(await redis.hgetall(keys.backlog(flowId))).toEqual(once);
    expect(once).toMatchObject({ "call.messages": "0", "call.bytes": "0", "after.messages": "2" });
    expect((await emitted(after)).length).toBe(2);
  });

  it("counts what it did into the flow's last-minute and last-hour activity", async () => {
    respond = (_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    };
    const { flowId, call, after } = await deploy();
    await call.add(STEP_JOB.name, { messages: [message(flowId, { n: 1 }), message(flowId, { n: 2 }), message(flowId, { n: 3 })] });
    const runner = await run(flowId, "call");
    await expect.poll(async () => (await emitted(after)).length).toBe(3);
    await runner.close(); // flushes its counters
    const activity = await readFlowActivity(redis, flowId, ["call", "after"]);
    const call3 = { in: 3, out: 3, errors: 0, retries: 0, filtered: 0 };
    expect(activity.steps[0]).toEqual({ stepId: "call", queued: { messages: 0, bytes: 0, waiting: 0, collected: 0 }, lastMinute: call3, lastFiveMinutes: call3, lastHour: call3 });
    expect(activity.steps[1]?.queued.messages).toBe(3);
    // an hour and a bit later the same counters are outside both windows
    const later = await readFlowActivity(redis, flowId, ["call"], Date.now() + 62 * 60_000);
    expect(later.steps[0]?.lastHour).toEqual({ in: 0, out: 0, errors: 0, retries: 0, filtered: 0 });
  });

  it("does not add an emitted job again after the next step completed (and removed) it", async () => {
    const { flowId, after } = await deploy();
    const jobId = `dedup-${randomUUID()}`;
    const data = { messages: [message(flowId, { n: 9 })] };
    await after.add(STEP_JOB.name, data, stepJobOptions(jobId));
    const consumer = new Worker("after", async () => {}, { connection: createRedis(redisUrl), prefix: flowQueuePrefix(flowId) });
    await expect.poll(async () => Object.values(await after.getJobCounts("waiting", "active")).reduce((a, b) => a + b, 0)).toBe(0);
    expect(await after.getJob(jobId)).toBeUndefined(); // completed jobs are removed at once
    await consumer.close();
    await (consumer.opts.connection as { quit(): Promise<unknown> }).quit();
    await after.add(STEP_JOB.name, data, stepJobOptions(jobId)); // the re-emit of a crashed runner
    expect(await after.getWaitingCount()).toBe(0);
  });

  it("refuses to start for a flow without a deployment, saying so", async () => {
    await expect(startRunner({ redisUrl, flowId: "missing", stepId: "x", replica: 0, concurrency: 1, logger: silent })).rejects.toThrow(
      /flow missing has no deployment/,
    );
  });
});
