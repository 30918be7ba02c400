// A webhook trigger that only passes its message on (route.entry): the gateway hands each message
// straight to the trigger's next steps — the same child message the trigger's runner would emit,
// the trigger step's record and counters — on real Redis.
import { randomUUID } from "node:crypto";
import { childMessageId, createRedis, flowQueuePrefix, keys, type Route, STEP_JOB, splitEntry } from "@interflow/queue";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "./gateway";

const redis = createRedis(process.env.REDIS_URL as string);
let gateway: RunningGateway;
const json = { "content-type": "application/json" };
const opened: Queue[] = [];
const flows: string[] = [];

function queueOf(flowId: string, stepId: string): Queue {
  const queue = new Queue(stepId, { connection: redis, prefix: flowQueuePrefix(flowId) });
  opened.push(queue);
  return queue;
}

/** a running flow whose webhook goes straight to `next`, once the gateway has its route */
async function directFlow(o: { next: string[]; executions?: "all" | "errors" | "none"; limits?: Route["limits"] }): Promise<string> {
  const flowId = `de${randomUUID().replaceAll("-", "")}`;
  flows.push(flowId);
  const route: Route = {
    flowId,
    workspaceId: "ws-direct-entry",
    flowVersion: 4,
    state: "running",
    triggerStepId: "hook",
    component: "webhook",
    function: "receive",
    config: {},
    limits: o.limits ?? { messages: 75_000, bytes: 200 * 1024 * 1024 },
    entry: { next: o.next, executions: o.executions ?? "all" },
  };
  await redis.hset(keys.routes, flowId, JSON.stringify(route));
  await redis.publish(keys.routesChannel, flowId);
  await expect.poll(async () => (await fetch(`${gateway.url}/hook/${flowId}`, { method: "HEAD" })).status, { interval: 50 }).not.toBe(404);
  return flowId;
}

const post = (flowId: string, body: unknown) => fetch(`${gateway.url}/hook/${flowId}/orders?src=shop`, { method: "POST", headers: { ...json, "x-shop": "s1" }, body: JSON.stringify(body) });

async function queued(queue: Queue) {
  return (await queue.getJobs(["waiting"])).flatMap((job) => STEP_JOB.schema.parse(job.data).messages);
}

beforeAll(async () => {
  gateway = await startGateway({ REDIS_URL: process.env.REDIS_URL as string, GATEWAY_PORT: 0, GATEWAY_HOST: "127.0.0.1", INTERFLOW_BODY_LIMIT: 64 * 1024 });
});

afterAll(async () => {
  for (const queue of opened) {
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
  }
  for (const flowId of flows) await redis.hdel(keys.routes, flowId);
  await gateway.close();
  await redis.quit();
});

describe("direct entry: the gateway hands a webhook straight to the trigger's next steps", () => {
  it("puts on each next queue the message the trigger's runner would emit, records the trigger step once, and counts it", async () => {
    const flowId = await directFlow({ next: ["shape", "audit"] });
    const bodies = [{ order: 1, total: 9.5 }, { order: 2 }, { order: 3, lines: [1, 2] }];
    const answers = await Promise.all(bodies.map((b) => post(flowId, b)));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    const ids = (await Promise.all(answers.map((a) => a.json() as Promise<{ messageId: string }>))).map((a) => a.messageId);

    // nothing on the trigger's own queue: its runner has nothing to do
    expect(await queueOf(flowId, "hook").count()).toBe(0);
    for (const stepId of ["shape", "audit"]) {
      const children = await queued(queueOf(flowId, stepId));
      expect(children.map((c) => c.id).sort()).toEqual(ids.map((id) => childMessageId(id, "hook", 0)).sort());
      for (const [i, id] of ids.entries()) {
        const child = children.find((c) => c.id === childMessageId(id, "hook", 0));
        expect(child?.body).toEqual(bodies[i]);
        // what `$steps.hook` and `$headers` give the next step's mapping
        expect(child?.steps).toEqual({ hook: bodies[i] });
        expect(child?.headers).toMatchObject({ method: "POST", path: "/orders", query: { src: "shop" }, headers: { "x-shop": "s1" } });
        expect(child?.meta).toMatchObject({ flowId, flowVersion: 4, executionId: id, parentMessageId: id, stepId: "hook", attempt: 0, index: 0 });
      }
      // the next queue's backlog counts them (its runner takes them off as it does a runner's emits)
      expect(Number(await redis.hget(keys.backlog(flowId), `${stepId}.messages`))).toBe(3);
    }
    expect(await redis.hget(keys.backlog(flowId), "hook.messages")).toBeNull();

    // the trigger step's record of each message: it entered its execution here, and was passed on to both
    const entries = (await redis.xrange(keys.records(flowId), "-", "+")).flatMap(([, fields]) => splitEntry(fields[1] as string));
    expect(entries).toHaveLength(3);
    for (const [i, id] of ids.entries()) {
      const record = entries.find((e) => JSON.parse(e.meta).messageId === id);
      expect(record && JSON.parse(record.meta)).toMatchObject({ executionId: id, stepId: "hook", status: "ok", entered: true, outputIsInput: true, pending: 2, outputs: 1, flowVersion: 4 });
      expect(record && JSON.parse(record.input)).toEqual(bodies[i]);
    }
    // processed and passed on, as the trigger's runner counts them (flushed within a second)
    await expect.poll(async () => redis.hmget(keys.stats(flowId), "hook.in", "hook.out"), { timeout: 3_000 }).toEqual(["3", "3"]);
  });

  it("keeps no record of a message that went well when the flow keeps only failed ones", async () => {
    const flowId = await directFlow({ next: ["shape"], executions: "none" });
    expect((await post(flowId, { order: 7 })).status).toBe(202);
    expect(await queued(queueOf(flowId, "shape"))).toHaveLength(1);
    expect(await redis.exists(keys.records(flowId))).toBe(0);
  });

  it("answers 429 naming the next step whose queue holds its limit, and takes messages again once it drains", async () => {
    const flowId = await directFlow({ next: ["shape"], limits: { messages: 2, bytes: 1024 * 1024 } });
    expect((await post(flowId, { n: 1 })).status).toBe(202);
    expect((await post(flowId, { n: 2 })).status).toBe(202);
    const refused = await post(flowId, { n: 3 });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: string }).error).toMatch(/has 2 messages waiting in the queue of step "shape", its limit/);
    expect(await queued(queueOf(flowId, "shape"))).toHaveLength(2);
    await redis.hincrby(keys.backlog(flowId), "shape.messages", -2); // what shape's runner does once it took them
    await expect.poll(async () => (await post(flowId, { n: 4 })).status, { interval: 100 }).toBe(202);
  });
});
