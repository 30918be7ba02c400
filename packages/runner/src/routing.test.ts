// Conditions on connections, in a real runner on real Redis: where each message goes under
// "all" and "first", the otherwise connection, filtered messages counted (not failed), the
// execution's count of messages on their way, and a condition that fails naming its connection.
import { createHash, randomUUID } from "node:crypto";
import type { MessageEnvelope } from "@interflow/flow";
import { createRedis, type Deployment, flowQueuePrefix, keys, readFlowActivity, readHandedOver, STEP_JOB } from "@interflow/queue";
import { Queue } from "bullmq";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type RunningStep, startRunner } from "./runner";

const redisUrl = process.env.REDIS_URL as string;
const redis = createRedis(redisUrl);
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const running: RunningStep[] = [];
const queues: Queue[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
  await Promise.all(queues.splice(0).map((q) => q.close()));
});
afterAll(async () => {
  await redis.quit();
});

type Routes = NonNullable<Deployment["steps"][string]["routes"]>;
const TARGETS = ["approve", "eu", "rest"] as const;

/** `hook` (the trigger, a pass-through) routed to approve / eu / rest; each target ends the flow */
async function deploy(routes: Routes) {
  const flowId = `rr${randomUUID().replaceAll("-", "")}`;
  const end = (id: string) => ({ id, component: "transform", function: "map", config: { expression: "$" }, replicas: 1, next: [] });
  const deployment: Deployment = {
    flowId,
    workspaceId: "ws",
    flowVersion: 1,
    flowType: "ordinary",
    triggerStepId: "hook",
    executions: "all",
    steps: {
      hook: { id: "hook", component: "webhook", function: "receive", config: {}, replicas: 1, next: routes.connections.map((c) => c.target), routes },
      ...Object.fromEntries(TARGETS.map((id) => [id, end(id)])),
    },
  };
  await redis.set(keys.deployment(flowId), JSON.stringify(deployment));
  const queue = (name: string) => {
    const q = new Queue(name, { connection: redis, prefix: flowQueuePrefix(flowId) });
    queues.push(q);
    return q;
  };
  const hook = queue("hook");
  const targets = Object.fromEntries(TARGETS.map((id) => [id, queue(id)])) as Record<(typeof TARGETS)[number], Queue>;
  running.push(await startRunner({ redisUrl, flowId, stepId: "hook", replica: 0, concurrency: 5, logger: silent }));
  const send = async (...bodies: unknown[]) => {
    const messages = bodies.map((body) => message(flowId, body));
    await hook.add(STEP_JOB.name, { messages });
    return messages;
  };
  /** the bodies waiting on each target's queue, by target */
  const arrived = async () =>
    Object.fromEntries(
      await Promise.all(
        TARGETS.map(async (id) => [id, (await targets[id].getJobs(["waiting"])).flatMap((j) => STEP_JOB.schema.parse(j.data).messages.map((m) => (m.body as { id: number }).id)).sort()] as const),
      ),
    );
  return { flowId, send, arrived };
}

function message(flowId: string, body: unknown): MessageEnvelope {
  const id = randomUUID();
  return { id, body, headers: {}, attachments: [], steps: {}, meta: { flowId, flowVersion: 1, executionId: id, stepId: "hook", parentMessageId: null, traceId: id, attempt: 0 } };
}

const orders = [
  { id: 1, total: 1500, country: "DE" },
  { id: 2, total: 20, country: "FR" },
  { id: 3, total: 5000, country: "US" },
  { id: 4, total: 5, country: "US" },
];

describe("conditions on connections", () => {
  it('"all": each message goes along every connection whose condition holds; one that none took is counted as filtered', async () => {
    const { flowId, send, arrived } = await deploy({
      routing: "all",
      connections: [
        { target: "approve", condition: "total > 1000" },
        { target: "eu", condition: 'country in ["DE", "FR"]' },
      ],
    });
    await send(...orders);
    await expect.poll(arrived).toEqual({ approve: [1, 3], eu: [1, 2], rest: [] });
    await expect.poll(async () => (await readFlowActivity(redis, flowId, ["hook"])).steps[0]?.lastMinute).toMatchObject({ in: 4, out: 3, filtered: 1, errors: 0 });
    // each execution's count of messages on their way: +1 entered −1 done + one per next step it went to
    const records = await readHandedOver(redis, flowId);
    expect(Object.fromEntries(records.map((r) => [(r.input as { id: number }).id, [r.status, r.pending, r.filtered]]))).toEqual({
      1: ["ok", 2, 0],
      2: ["ok", 1, 0],
      3: ["ok", 1, 0],
      4: ["ok", 0, 1],
    });
  });

  it('"first": only the first connection that takes it, in order; otherwise takes the rest', async () => {
    const { flowId, send, arrived } = await deploy({
      routing: "first",
      connections: [
        { target: "approve", condition: "total > 1000" },
        { target: "eu", condition: 'country in ["DE", "FR"]' },
        { target: "rest", otherwise: true },
      ],
    });
    await send(...orders);
    await expect.poll(arrived).toEqual({ approve: [1, 3], eu: [2], rest: [4] });
    await expect.poll(async () => (await readFlowActivity(redis, flowId, ["hook"])).steps[0]?.lastMinute).toMatchObject({ in: 4, out: 4, filtered: 0 });
  });

  it("binds $headers and $steps in a condition as in a mapping", async () => {
    const { send, arrived } = await deploy({ routing: "all", connections: [{ target: "approve", condition: "$steps.hook.total > 100 and $exists($headers)" }, { target: "rest", otherwise: true }] });
    await send(...orders);
    await expect.poll(arrived).toEqual({ approve: [1, 3], eu: [], rest: [2, 4] });
  });

  it("a condition that fails fails its message only, as a failed message whose error names the connection; the others go on", async () => {
    const { flowId, send, arrived } = await deploy({ routing: "all", connections: [{ target: "approve", condition: 'total + (country = "US" ? "x" : 0) > 10' }, { target: "rest", otherwise: true }] });
    await send(...orders);
    await expect.poll(arrived).toEqual({ approve: [1, 2], eu: [], rest: [] });
    await expect.poll(async () => (await readHandedOver(redis, flowId)).filter((r) => r.status === "failed").length).toBe(2);
    const failed = (await readHandedOver(redis, flowId)).filter((r) => r.status === "failed");
    expect(failed.map((r) => r.message?.body)).toEqual(expect.arrayContaining([orders[2], orders[3]]));
    for (const r of failed) {
      expect(r.errorMessage).toMatch(/^the condition on the connection to "approve" failed: .*\(at character \d+ of the condition\)$/);
      expect(r.pending).toBe(0);
      expect(r.attempts).toBe(1);
    }
    // the filtered count is 0: nothing reached "otherwise" only because its condition failed
    await expect.poll(async () => (await readFlowActivity(redis, flowId, ["hook"])).steps[0]?.lastMinute).toMatchObject({ in: 4, out: 2, errors: 2, filtered: 0 });
  });
});

describe("a filter step and a split step in a runner", () => {
  it("a filter's dropped messages are counted as filtered and end their executions; a split's elements go on with their positions", async () => {
    const flowId = `rf${randomUUID().replaceAll("-", "")}`;
    const deployment: Deployment = {
      flowId,
      workspaceId: "ws",
      flowVersion: 1,
      flowType: "ordinary",
      triggerStepId: "hook",
      executions: "all",
      steps: {
        hook: { id: "hook", component: "webhook", function: "receive", config: {}, replicas: 1, next: ["paid"] },
        paid: { id: "paid", component: "filter", function: "keep", config: { condition: 'status = "paid"' }, replicas: 1, next: ["lines"] },
        lines: { id: "lines", component: "split", function: "items", config: { path: "lines" }, replicas: 1, next: ["out"] },
        out: { id: "out", component: "transform", function: "map", config: { expression: "$" }, replicas: 1, next: [] },
      },
    };
    await redis.set(keys.deployment(flowId), JSON.stringify(deployment));
    const queue = (name: string) => {
      const q = new Queue(name, { connection: redis, prefix: flowQueuePrefix(flowId) });
      queues.push(q);
      return q;
    };
    const paid = queue("paid");
    const out = queue("out");
    for (const stepId of ["paid", "lines"]) running.push(await startRunner({ redisUrl, flowId, stepId, replica: 0, concurrency: 5, logger: silent }));
    const bodies = [
      { id: 1, status: "paid", lines: ["a", "b"] },
      { id: 2, status: "open", lines: ["c"] },
      { id: 3, status: "paid", lines: [] },
    ];
    const sent = bodies.map((body) => ({ ...message(flowId, body), steps: { hook: body } }));
    await paid.add(STEP_JOB.name, { messages: sent });
    const arrivedAtOut = async () => (await out.getJobs(["waiting"])).flatMap((j) => STEP_JOB.schema.parse(j.data).messages).map((m) => [m.body, m.headers.split]);
    await expect.poll(arrivedAtOut).toEqual([
      ["a", { index: 0, total: 2, of: expect.any(String) }],
      ["b", { index: 1, total: 2, of: expect.any(String) }],
    ]);
    await expect
      .poll(async () => (await readFlowActivity(redis, flowId, ["paid", "lines"])).steps.map((s) => [s.stepId, s.lastMinute.in, s.lastMinute.out, s.lastMinute.filtered]))
      .toEqual([
        ["paid", 3, 2, 1],
        ["lines", 2, 2, 1],
      ]);
    const records = await readHandedOver(redis, flowId);
    const pendingOf = (stepId: string) => records.filter((r) => r.stepId === stepId).map((r) => r.pending).sort();
    // the filtered message's way ends at "paid" (−1), the empty list's at "lines" (−1), the two lines go on (+1)
    expect(pendingOf("paid")).toEqual([-1, 0, 0]);
    expect(records.filter((r) => r.stepId === "paid").map((r) => r.filtered).sort()).toEqual([0, 0, 1]);
    expect(pendingOf("lines")).toEqual([-1, 1]);
  });
});

describe("a split of 10,000 elements in a runner", () => {
  it("sends 10,000 messages, each with its position and the total, without a copy of the list in each", async () => {
    const flowId = `rs${randomUUID().replaceAll("-", "")}`;
    const deployment: Deployment = {
      flowId,
      workspaceId: "ws",
      flowVersion: 1,
      flowType: "ordinary",
      triggerStepId: "hook",
      executions: "all",
      steps: {
        hook: { id: "hook", component: "webhook", function: "receive", config: {}, replicas: 1, next: ["rows"] },
        rows: { id: "rows", component: "split", function: "items", config: { path: "rows", maxItems: 10_000 }, replicas: 1, next: ["each"] },
        each: { id: "each", component: "transform", function: "map", config: { expression: "$" }, replicas: 1, next: [] },
      },
    };
    await redis.set(keys.deployment(flowId), JSON.stringify(deployment));
    const rowsQueue = new Queue("rows", { connection: redis, prefix: flowQueuePrefix(flowId) });
    const each = new Queue("each", { connection: redis, prefix: flowQueuePrefix(flowId) });
    queues.push(rowsQueue, each);
    running.push(await startRunner({ redisUrl, flowId, stepId: "rows", replica: 0, concurrency: 5, logger: silent }));
    const body = { batch: "b-1", rows: Array.from({ length: 10_000 }, (_, i) => ({ n: i, name: `row ${i}` })) };
    await rowsQueue.add(STEP_JOB.name, { messages: [{ ...message(flowId, body), steps: { hook: body } }] });
    const arrived = async () => (await each.getJobs(["waiting"])).flatMap((j) => STEP_JOB.schema.parse(j.data).messages);
    await expect.poll(async () => (await arrived()).length, { timeout: 30_000 }).toBe(10_000);
    const messages = await arrived();
    expect(new Set(messages.map((m) => (m.body as { n: number }).n)).size).toBe(10_000);
    expect(messages[9_999]?.headers.split).toMatchObject({ index: 9_999, total: 10_000 });
    // the list (about 250 KB) is not copied into each message: only the element is carried
    expect(messages[0]?.steps).toEqual({ rows: { n: 0, name: "row 0" } });
    const bytes = Buffer.byteLength(JSON.stringify(messages));
    expect(bytes).toBeLessThan(10_000 * 1_000);
  });
});

describe("a delay step in a runner", () => {
  it("holds each message in the next queue as waiting (its runner may stop meanwhile), then the next step takes it when it is due", async () => {
    const flowId = `rd${randomUUID().replaceAll("-", "")}`;
    const deployment: Deployment = {
      flowId,
      workspaceId: "ws",
      flowVersion: 1,
      flowType: "ordinary",
      triggerStepId: "hook",
      executions: "all",
      steps: {
        hook: { id: "hook", component: "webhook", function: "receive", config: {}, replicas: 1, next: ["wait"] },
        wait: { id: "wait", component: "delay", function: "wait", config: { seconds: 2 }, replicas: 1, next: ["later"] },
        later: { id: "later", component: "transform", function: "map", config: { expression: '{ "id": id, "at": $millis() }' }, replicas: 1, next: ["end"] },
        end: { id: "end", component: "transform", function: "map", config: { expression: "$" }, replicas: 1, next: [] },
      },
    };
    await redis.set(keys.deployment(flowId), JSON.stringify(deployment));
    const queue = (name: string) => {
      const q = new Queue(name, { connection: redis, prefix: flowQueuePrefix(flowId) });
      queues.push(q);
      return q;
    };
    const wait = queue("wait");
    const end = queue("end");
    const waitRunner = await startRunner({ redisUrl, flowId, stepId: "wait", replica: 0, concurrency: 5, logger: silent });
    const sentAt = Date.now();
    await wait.add(STEP_JOB.name, { messages: [1, 2, 3].map((id) => ({ ...message(flowId, { id }), steps: {} })) });
    const queued = async (stepId: string) => (await readFlowActivity(redis, flowId, [stepId])).steps[0]?.queued;
    await expect.poll(() => queued("later")).toEqual({ messages: 3, bytes: expect.any(Number), waiting: 3, collected: 0 });
    // the step that made them wait is gone; the waiting messages are in Redis, not in it
    await waitRunner.close();
    running.push(await startRunner({ redisUrl, flowId, stepId: "later", replica: 0, concurrency: 5, logger: silent }));
    const arrived = async () => (await end.getJobs(["waiting"])).flatMap((j) => STEP_JOB.schema.parse(j.data).messages).map((m) => m.body as { id: number; at: number });
    await expect.poll(async () => (await arrived()).length, { timeout: 10_000 }).toBe(3);
    for (const { at } of await arrived()) expect(at - sentAt).toBeGreaterThanOrEqual(1_900);
    expect((await arrived()).map((b) => b.id).sort()).toEqual([1, 2, 3]);
    await expect.poll(() => queued("later")).toEqual({ messages: 0, bytes: 0, waiting: 0, collected: 0 });
  });
});

describe("a batch step in a runner", () => {
  async function deployBatch(config: Record<string, unknown>, step: { component: string; function: string } = { component: "batch", function: "collect" }) {
    const flowId = `rb${randomUUID().replaceAll("-", "")}`;
    const deployment: Deployment = {
      flowId,
      workspaceId: "ws",
      flowVersion: 1,
      flowType: "ordinary",
      triggerStepId: "hook",
      executions: "all",
      steps: {
        hook: { id: "hook", component: "webhook", function: "receive", config: {}, replicas: 1, next: ["collect"] },
        collect: { id: "collect", ...step, config, replicas: 1, next: ["bulk"] },
        bulk: { id: "bulk", component: "transform", function: "map", config: { expression: "$" }, replicas: 1, next: [] },
      },
    };
    await redis.set(keys.deployment(flowId), JSON.stringify(deployment));
    const queue = (name: string) => {
      const q = new Queue(name, { connection: redis, prefix: flowQueuePrefix(flowId) });
      queues.push(q);
      return q;
    };
    const collect = queue("collect");
    const bulk = queue("bulk");
    const start = async () => {
      const runner = await startRunner({ redisUrl, flowId, stepId: "collect", replica: 0, concurrency: 5, logger: silent });
      running.push(runner);
      return runner;
    };
    const send = async (...bodies: unknown[]) => {
      // one job per message, as the webhook's runner hands them on one by one under light load
      for (const body of bodies) {
        const m = message(flowId, body);
        // as the step before does: counted in the step's backlog as it is queued
        await redis.hincrby(keys.backlog(flowId), "collect.messages", 1);
        await collect.add(STEP_JOB.name, { messages: [m] });
      }
    };
    const batches = async () =>
      (await bulk.getJobs(["waiting"]))
        .flatMap((j) => STEP_JOB.schema.parse(j.data).messages)
        .map((m) => ({ ids: (m.body as { items: Array<{ id: number }> }).items.map((b) => b.id), batch: m.headers.batch as { size: number; key: string; closedBy: string } }))
        .sort((a, b) => (a.ids[0] ?? 0) - (b.ids[0] ?? 0));
    const queued = async () => (await readFlowActivity(redis, flowId, ["collect"])).steps[0]?.queued;
    /** the open batch of a key (as the collector names it), its meta key and id */
    const openBatch = async (key = "") => {
      const meta = keys.batchMeta(flowId, "collect", createHash("sha1").update(key).digest("hex").slice(0, 32));
      return { meta, id: await redis.hget(meta, "id") };
    };
    /** the bodies of the batches sent on, as they are */
    const bodies = async () => (await bulk.getJobs(["waiting"])).flatMap((j) => STEP_JOB.schema.parse(j.data).messages).map((m) => m.body);
    return { flowId, start, send, batches, bodies, queued, collect, openBatch };
  }

  it("a batch step deployed before it was batch/collect (transform/batch, seconds) runs as it did: the bare list of bodies", async () => {
    const { start, send, bodies } = await deployBatch({ size: 2, seconds: 60 }, { component: "transform", function: "batch" });
    await start();
    await send({ id: 1 }, { id: 2 });
    await expect.poll(bodies).toEqual([[{ id: 1 }, { id: 2 }]]);
  });

  it("sends a batch when it is full and the rest when its time is over, each message once, in order", async () => {
    const { flowId, start, send, batches, queued } = await deployBatch({ size: 3, maxWaitSeconds: 2 });
    await start();
    await send(...[1, 2, 3, 4, 5, 6, 7].map((id) => ({ id })));
    await expect.poll(batches).toEqual([
      { ids: [1, 2, 3], batch: expect.objectContaining({ size: 3, key: "", closedBy: "size" }) },
      { ids: [4, 5, 6], batch: expect.objectContaining({ size: 3, closedBy: "size" }) },
    ]);
    // the seventh waits in an open batch, counted in the step's backlog
    await expect.poll(queued).toMatchObject({ messages: 1, collected: 1 });
    await expect.poll(async () => (await batches()).length, { timeout: 6_000 }).toBe(3);
    expect((await batches())[2]).toEqual({ ids: [7], batch: expect.objectContaining({ size: 1, closedBy: "time" }) });
    await expect.poll(queued).toEqual({ messages: 0, bytes: 0, waiting: 0, collected: 0 });
    await expect.poll(async () => (await readFlowActivity(redis, flowId, ["collect"])).steps[0]?.lastMinute).toMatchObject({ in: 7, out: 3 });
  });

  it("keeps one batch per key, and a batch in progress outlives its runner: the next one finishes it", async () => {
    const { start, send, batches, queued } = await deployBatch({ size: 3, maxWaitSeconds: 60, key: "customer" });
    const first = await start();
    await send({ id: 1, customer: "a" }, { id: 2, customer: "b" }, { id: 3, customer: "a" });
    await expect.poll(queued).toMatchObject({ messages: 3, collected: 3 });
    await first.close();
    running.splice(running.indexOf(first), 1);
    expect(await batches()).toEqual([]);
    // a new runner: a's batch fills with the third a, b's stays open
    await start();
    await send({ id: 4, customer: "b" }, { id: 5, customer: "a" });
    await expect.poll(batches).toEqual([{ ids: [1, 3, 5], batch: expect.objectContaining({ size: 3, key: "a", closedBy: "size" }) }]);
    await expect.poll(queued).toMatchObject({ messages: 2, collected: 2 });
  });

  it("a batch whose runner was killed before it set the batch's timer still closes when its time is over (the killed job, back, sets it)", async () => {
    const { flowId, start, batches, collect, openBatch } = await deployBatch({ size: 10, maxWaitSeconds: 2 });
    await start();
    const first = message(flowId, { id: 1 });
    await redis.hincrby(keys.backlog(flowId), "collect.messages", 1);
    await collect.add(STEP_JOB.name, { messages: [first] });
    await expect.poll(async () => (await openBatch()).id).not.toBeNull();
    const open = await openBatch();
    // as if its runner had been killed right after adding the message: no timer job, none marked
    await collect.remove(`flush-${open.id}`);
    await redis.hdel(open.meta, "timed");
    // the killed job comes back (stalled): the same message, the same try — added once, timed now
    await collect.add(STEP_JOB.name, { messages: [first] });
    await expect.poll(async () => (await batches()).length, { timeout: 8_000 }).toBe(1);
    expect((await batches())[0]).toEqual({ ids: [1], batch: expect.objectContaining({ size: 1, closedBy: "time" }) });
  });

  it("a closed batch its killed runner was emitting is emitted by the next within seconds (the claim lapses)", { timeout: 40_000 }, async () => {
    const { flowId, start, send, batches, openBatch } = await deployBatch({ size: 2, maxWaitSeconds: 600 });
    await start();
    await send({ id: 1 });
    await expect.poll(async () => (await openBatch()).id).not.toBeNull();
    const { id } = await openBatch();
    // a runner killed while emitting it holds its claim (as a claim is taken: for EMIT_CLAIM_MS)
    await redis.set(`${keys.sealedMeta(flowId, "collect", id as string)}:emitting`, "killed", "PX", 15_000);
    await send({ id: 2 });
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await batches()).toEqual([]);
    await expect.poll(async () => (await batches()).length, { timeout: 25_000, interval: 500 }).toBe(1);
    expect((await batches())[0]).toEqual({ ids: [1, 2], batch: expect.objectContaining({ size: 2, closedBy: "size" }) });
  });
});
