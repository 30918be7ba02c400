import { randomUUID } from "node:crypto";
import { controlCommandSchema, createControlQueue, createRedis, flowQueuePrefix, keys, type Route, STEP_JOB, webhookAnswersField } from "@interflow/queue";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "./gateway";

const redis = createRedis(process.env.REDIS_URL as string);
let gateway: RunningGateway;
/** the same routes with a body limit of 10 MiB */
let bigBodies: RunningGateway;
const flowId = `gw${randomUUID().replaceAll("-", "")}`;
const queue = new Queue("hook", { connection: redis, prefix: flowQueuePrefix(flowId) });

const route: Route = {
  flowId,
  workspaceId: "ws-gateway-test",
  flowVersion: 3,
  state: "running",
  triggerStepId: "hook",
  component: "webhook",
  function: "receive",
  config: {},
  limits: { messages: 75_000, bytes: 200 * 1024 * 1024 },
};

/** a running route of a new flow with the given limits (and webhook settings), once the gateway knows it */
async function limitedFlow(limits: Route["limits"], config: Route["config"] = {}): Promise<string> {
  const id = `gw${randomUUID().replaceAll("-", "")}`;
  await redis.hset(keys.routes, id, JSON.stringify({ ...route, flowId: id, limits, config }));
  await redis.publish(keys.routesChannel, id);
  // an oversized body queues nothing: 404 until the route arrives, then 413
  const tooLarge = () => fetch(`${gateway.url}/hook/${id}`, { method: "POST", headers: json, body: JSON.stringify("x".repeat(2048)) }).then((r) => r.status);
  await expect.poll(tooLarge).toBe(413);
  return id;
}

const json = { "content-type": "application/json" };

async function queuedMessages() {
  const jobs = await queue.getJobs(["waiting"]);
  return jobs.flatMap((job) => STEP_JOB.schema.parse(job.data).messages);
}

beforeAll(async () => {
  gateway = await startGateway({ REDIS_URL: process.env.REDIS_URL as string, GATEWAY_PORT: 0, GATEWAY_HOST: "127.0.0.1", INTERFLOW_BODY_LIMIT: 1024 });
  bigBodies = await startGateway({ REDIS_URL: process.env.REDIS_URL as string, GATEWAY_PORT: 0, GATEWAY_HOST: "127.0.0.1", INTERFLOW_BODY_LIMIT: 10 * 1024 * 1024 });
  await redis.hset(keys.routes, flowId, JSON.stringify(route));
  await redis.publish(keys.routesChannel, flowId);
  // the route reaches the gateway through pub/sub
  for (let i = 0; i < 50 && (await fetch(`${gateway.url}/hook/${flowId}`, { method: "HEAD" })).status === 404; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await queue.obliterate({ force: true });
});

afterAll(async () => {
  await redis.hdel(keys.routes, flowId);
  await queue.obliterate({ force: true });
  await queue.close();
  await gateway.close();
  await bigBodies.close();
  await redis.quit();
});

describe("webhook gateway", () => {
  it("answers 202 with the message id once the message is in the trigger's queue", async () => {
    const res = await fetch(`${gateway.url}/hook/${flowId}/orders?src=shop`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-signature": "abc" },
      body: JSON.stringify({ order: 7 }),
    });
    expect(res.status).toBe(202);
    const { messageId } = (await res.json()) as { messageId: string };
    const message = (await queuedMessages()).find((m) => m.id === messageId);
    expect(message).toBeDefined();
    expect(message?.body).toEqual({ order: 7 });
    expect(message?.headers).toMatchObject({ method: "POST", path: "/orders", query: { src: "shop" } });
    expect(message?.meta).toMatchObject({ flowId, flowVersion: 3, stepId: "hook", parentMessageId: null, attempt: 0 });
  });

  it("treats __proto__ and constructor in the query as plain parameters", async () => {
    const res = await fetch(`${gateway.url}/hook/${flowId}?__proto__=a&__proto__=b&constructor=c`, { method: "POST", headers: json, body: "{}" });
    const { messageId } = (await res.json()) as { messageId: string };
    const message = (await queuedMessages()).find((m) => m.id === messageId);
    expect(JSON.parse(JSON.stringify(message?.headers.query))).toEqual({ ["__proto__"]: ["a", "b"], constructor: "c" });
  });

  it("keeps form and text bodies (text when the trigger takes it)", async () => {
    const form = await fetch(`${gateway.url}/hook/${flowId}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "a=1&b=2",
    });
    const id = await limitedFlow(route.limits, { contentTypes: ["json", "text"] });
    const text = await fetch(`${gateway.url}/hook/${id}`, { method: "POST", headers: { "content-type": "text/plain" }, body: "hello" });
    const textQueue = new Queue("hook", { connection: redis, prefix: flowQueuePrefix(id) });
    const ids = [((await form.json()) as { messageId: string }).messageId, ((await text.json()) as { messageId: string }).messageId];
    expect((await queuedMessages()).find((m) => m.id === ids[0])?.body).toEqual({ a: "1", b: "2" });
    const texts = (await textQueue.getJobs(["waiting"])).flatMap((job) => STEP_JOB.schema.parse(job.data).messages);
    expect(texts.find((m) => m.id === ids[1])?.body).toEqual({ raw: "hello" });
    await textQueue.obliterate({ force: true });
    await textQueue.close();
    await redis.hdel(keys.routes, id);
  });

  it("refuses a method, a content type or an empty body the trigger does not take, naming its setting; nothing queued", async () => {
    const before = (await queuedMessages()).length;
    const get = await fetch(`${gateway.url}/hook/${flowId}?q=1`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST, PUT, PATCH");
    expect(((await get.json()) as { error: string }).error).toBe('method GET is not accepted: this webhook takes POST, PUT or PATCH (its "Methods" setting)');
    const text = await fetch(`${gateway.url}/hook/${flowId}`, { method: "POST", headers: { "content-type": "text/plain" }, body: "hello" });
    expect(text.status).toBe(415);
    expect(((await text.json()) as { error: string }).error).toBe('content type text/plain is not accepted: this webhook takes JSON or form data (its "Content types" setting)');
    // refused by its headers: a body over the limit is not even read (415, not 413)
    const big = await fetch(`${gateway.url}/hook/${flowId}`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: "x".repeat(4096) });
    expect(big.status).toBe(415);
    await big.arrayBuffer();
    const empty = await fetch(`${gateway.url}/hook/${flowId}`, { method: "POST", headers: json });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: string }).error).toMatch(/^the request has no body: this webhook takes JSON or form data/);
    expect((await queuedMessages()).length).toBe(before);
    // the answers count on the flow's page as any other
    await expect.poll(async () => Number(await redis.hget(keys.stats(flowId), webhookAnswersField(405))) >= 1).toBe(true);

    // a trigger set to take GET and empty bodies takes them
    const id = await limitedFlow(route.limits, { methods: ["GET", "POST"], acceptEmpty: true });
    expect((await fetch(`${gateway.url}/hook/${id}?q=1`)).status).toBe(202);
    expect((await fetch(`${gateway.url}/hook/${id}`, { method: "POST" })).status).toBe(202);
    await redis.hdel(keys.routes, id);
  });

  it("refuses malformed JSON with 400 and a message, queueing nothing", async () => {
    const before = (await queuedMessages()).length;
    const res = await fetch(`${gateway.url}/hook/${flowId}`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/not valid JSON/);
    expect((await queuedMessages()).length).toBe(before);
  });

  it("refuses JSON nested deeper than the limit with 400 naming it (a retry would not help), queueing nothing", async () => {
    const before = (await queuedMessages()).length;
    const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
    const deep = await fetch(`${gateway.url}/hook/${flowId}`, { method: "POST", headers: { "content-type": "application/json" }, body: nested(257) });
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as { error: string }).error).toBe("body: JSON nested deeper than 256 levels, the limit; nothing was accepted");
    expect((await queuedMessages()).length).toBe(before);
    const atLimit = await fetch(`${gateway.url}/hook/${flowId}`, { method: "POST", headers: { "content-type": "application/json" }, body: nested(256) });
    expect(atLimit.status).toBe(202);
    await atLimit.arrayBuffer();
  });

  it("refuses 100,000 levels of nesting and an object of too many keys with 400 naming the limit, never a 5xx a sender would retry forever", async () => {
    const before = (await queuedMessages()).length;
    const levels = 100_000;
    const deep = await fetch(`${bigBodies.url}/hook/${flowId}`, { method: "POST", headers: json, body: `${"[".repeat(levels)}${"]".repeat(levels)}` });
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as { error: string }).error).toBe("body: JSON nested deeper than 256 levels, the limit; nothing was accepted");
    const keys = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, i]));
    const wide = await fetch(`${bigBodies.url}/hook/${flowId}`, { method: "POST", headers: json, body: JSON.stringify(keys) });
    expect(wide.status).toBe(400);
    expect(((await wide.json()) as { error: string }).error).toBe("body: an object with 10001 keys, over the limit of 10,000; nothing was accepted");
    expect((await queuedMessages()).length).toBe(before);
  });

  it("an Idempotency-Key retried 5 times makes one message: each retry gets the first 202's message id", async () => {
    const key = `order-77-${randomUUID()}`;
    const post = () => fetch(`${gateway.url}/hook/${flowId}`, { method: "POST", headers: { ...json, "idempotency-key": key }, body: JSON.stringify({ order: 77 }) });
    const answers: Array<{ status: number; messageId: string }> = [];
    for (let i = 0; i < 5; i++) {
      const res = await post();
      answers.push({ status: res.status, ...((await res.json()) as { messageId: string }) });
    }
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(answers.map((a) => a.messageId)).size).toBe(1);
    // five at once with another key: one is queued, the others get its id (or 409 while it is being queued)
    const other = `order-78-${randomUUID()}`;
    const together = await Promise.all(
      Array.from({ length: 5 }, () => fetch(`${gateway.url}/hook/${flowId}`, { method: "POST", headers: { ...json, "idempotency-key": other }, body: JSON.stringify({ order: 78 }) }).then((r) => r.status)),
    );
    expect(together.every((status) => status === 202 || status === 409)).toBe(true);
    const queued = (await queuedMessages()).filter((m) => [77, 78].includes((m.body as { order?: number }).order ?? 0));
    expect(queued.map((m) => m.body).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([{ order: 77 }, { order: 78 }]);
    expect(queued.find((m) => (m.body as { order: number }).order === 77)?.id).toBe(answers[0]?.messageId);
    const tooLong = await fetch(`${gateway.url}/hook/${flowId}`, { method: "POST", headers: { ...json, "idempotency-key": "k".repeat(256) }, body: "{}" });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { error: string }).error).toBe("Idempotency-Key: at most 255 characters; it has 256");
  });

  it("refuses a body over the limit with 413", async () => {
    const res = await fetch(`${gateway.url}/hook/${flowId}`, { method: "POST", headers: json, body: JSON.stringify("x".repeat(2048)) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/limit of 1024 bytes/);
  });

  it("a rotated webhook URL: the new path is answered, the old one until its grace period ends, then 404", async () => {
    const id = `gw${randomUUID().replaceAll("-", "")}`;
    const publish = async (hook: Route["hook"]) => {
      await redis.hset(keys.routes, id, JSON.stringify({ ...route, flowId: id, hook }));
      await redis.publish(keys.routesChannel, id);
    };
    const status = (path: string) => fetch(`${gateway.url}/hook/${path}`, { method: "POST", headers: json, body: "{}" }).then((r) => r.status);
    await publish({ path: "n3wPath_of-the-flow", previous: { path: id, until: new Date(Date.now() + 60_000).toISOString() } });
    await expect.poll(() => status("n3wPath_of-the-flow")).toBe(202);
    expect(await status(id)).toBe(202);
    expect(await status("another-path")).toBe(404);
    // the grace period over: the old path (the flow id) is 404
    await publish({ path: "n3wPath_of-the-flow", previous: { path: id, until: new Date(Date.now() - 1).toISOString() } });
    await expect.poll(() => status(id)).toBe(404);
    expect(await status("n3wPath_of-the-flow")).toBe(202);
    await redis.hdel(keys.routes, id);
    await redis.publish(keys.routesChannel, id);
    await expect.poll(() => status("n3wPath_of-the-flow")).toBe(404);
  });

  it("answers 404 for an unknown flow and for a flow whose route is removed (stopped)", async () => {
    const unknown = await fetch(`${gateway.url}/hook/nosuchflow`, { method: "POST", headers: json, body: "{}" });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/nosuchflow does not exist or is not running/);

    const otherId = `gw${randomUUID().replaceAll("-", "")}`;
    await redis.hset(keys.routes, otherId, JSON.stringify({ ...route, flowId: otherId }));
    await redis.publish(keys.routesChannel, otherId);
    await expect.poll(async () => (await fetch(`${gateway.url}/hook/${otherId}`, { method: "POST", headers: json, body: "{}" })).status).toBe(202);
    await redis.hdel(keys.routes, otherId);
    await redis.publish(keys.routesChannel, otherId);
    await expect.poll(async () => (await fetch(`${gateway.url}/hook/${otherId}`, { method: "POST", headers: json, body: "{}" })).status).toBe(404);
    await new Queue("hook", { connection: redis, prefix: flowQueuePrefix(otherId) }).obliterate({ force: true });
  });

  it("queues a webhook to a sleeping flow and asks the worker, once, to wake it", async () => {
    const id = `gw${randomUUID().replaceAll("-", "")}`;
    const control = createControlQueue(redis);
    const post = () => fetch(`${gateway.url}/hook/${id}`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' });
    await redis.hset(keys.routes, id, JSON.stringify({ ...route, flowId: id, state: "sleeping" }));
    await redis.publish(keys.routesChannel, id);
    await expect.poll(async () => (await post()).status, { interval: 50 }).toBe(202);
    expect((await post()).status).toBe(202);
    const queue = new Queue("hook", { connection: redis, prefix: flowQueuePrefix(id) });
    expect(await queue.count()).toBeGreaterThanOrEqual(2);
    const wakes = (await control.getJobs(["waiting", "delayed", "prioritized"])).filter((job) => job?.data?.flowId === id);
    expect(wakes.map((job) => controlCommandSchema.parse(job.data))).toEqual([
      { type: "wake", flowId: id, workspaceId: "ws-gateway-test", cause: "woken by a webhook", requestedAt: expect.any(String) },
    ]);
    for (const job of wakes) await job.remove();
    await redis.hdel(keys.routes, id);
    await redis.publish(keys.routesChannel, id);
    await queue.obliterate({ force: true });
    await queue.close();
    await control.close();
  });

  it("answers 503 with Retry-After for a suspended flow and queues nothing; accepts again once it runs", async () => {
    const id = `gw${randomUUID().replaceAll("-", "")}`;
    const post = () => fetch(`${gateway.url}/hook/${id}`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' });
    await redis.hset(keys.routes, id, JSON.stringify({ ...route, flowId: id, state: "suspended" }));
    await redis.publish(keys.routesChannel, id);
    await expect.poll(async () => (await post()).status, { interval: 50 }).toBe(503);
    const refused = await post();
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(((await refused.json()) as { error: string }).error).toMatch(/is suspended: it takes no messages until it is resumed/);
    const queue = new Queue("hook", { connection: redis, prefix: flowQueuePrefix(id) });
    expect(await queue.count()).toBe(0);
    await redis.hset(keys.routes, id, JSON.stringify({ ...route, flowId: id, state: "running" }));
    await redis.publish(keys.routesChannel, id);
    await expect.poll(async () => (await post()).status, { interval: 50 }).toBe(202);
    await redis.hdel(keys.routes, id);
    await redis.publish(keys.routesChannel, id);
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it("answers 429 with Retry-After once the first queue holds its message limit, and accepts again when it drains", async () => {
    const id = await limitedFlow({ messages: 3, bytes: 1024 * 1024 });
    const post = () => fetch(`${gateway.url}/hook/${id}`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' });
    for (let i = 0; i < 3; i++) expect((await post()).status).toBe(202);
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(((await refused.json()) as { error: string }).error).toMatch(/has 3 messages waiting in its first queue, its limit/);
    expect(await redis.hget(keys.backlog(id), "hook.messages")).toBe("3");
    await redis.hincrby(keys.backlog(id), "hook.messages", -3); // what the trigger's runner does once it took them
    await expect.poll(async () => (await post()).status, { interval: 100 }).toBe(202);
    await redis.hdel(keys.routes, id);
  });

  it("answers 429 once the first queue holds its byte limit", async () => {
    const id = await limitedFlow({ messages: 1000, bytes: 1000 });
    const post = () => fetch(`${gateway.url}/hook/${id}`, { method: "POST", headers: json, body: JSON.stringify("x".repeat(598)) });
    expect((await post()).status).toBe(202);
    expect((await post()).status).toBe(202);
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: string }).error).toMatch(/1000 bytes/);
    await redis.hdel(keys.routes, id);
  });

  it("loses nothing under concurrent load: 500 posts, 500 queued messages, batched into fewer jobs", async () => {
    await queue.obliterate({ force: true });
    const responses = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        fetch(`${gateway.url}/hook/${flowId}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ i }) }),
      ),
    );
    expect(responses.every((r) => r.status === 202)).toBe(true);
    const ids = await Promise.all(responses.map(async (r) => ((await r.json()) as { messageId: string }).messageId));
    const messages = await queuedMessages();
    expect(new Set(messages.map((m) => m.id))).toEqual(new Set(ids));
    expect(messages.map((m) => (m.body as { i: number }).i).sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(await queue.getWaitingCount()).toBeLessThan(500);
  });
});
