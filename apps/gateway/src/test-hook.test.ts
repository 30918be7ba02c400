// "Retrieve sample" of a webhook trigger, end to end: the API listens, a request to the test URL
// goes through this gateway, the API's waitForWebhook hands it out. The flow's queue stays empty.
import { randomUUID } from "node:crypto";
import { type ApiServices, closeApiServices, createApiServices } from "@interflow/api";
import { newTenant, webhookFlow } from "@interflow/api/testing";
import { flowQueuePrefix, keys, type Route } from "@interflow/queue";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "./gateway";

let gateway: RunningGateway;
let services: ApiServices;
const queues: Queue[] = [];

beforeAll(async () => {
  gateway = await startGateway({ REDIS_URL: process.env.REDIS_URL as string, GATEWAY_PORT: 0, GATEWAY_HOST: "127.0.0.1", INTERFLOW_BODY_LIMIT: 1024 });
  services = createApiServices({ databaseUrl: process.env.DATABASE_URL as string, redisUrl: process.env.REDIS_URL as string, gatewayUrl: gateway.url });
});
afterAll(async () => {
  await Promise.all(queues.map((q) => q.obliterate({ force: true }).then(() => q.close())));
  await closeApiServices(services);
  await gateway.close();
});

/** a stopped flow with a webhook trigger "hook", and its trigger's queue */
async function newFlow() {
  const { caller } = await newTenant(services);
  const { id } = await caller.flows.import({ document: webhookFlow(`test hook ${randomUUID()}`) });
  const queue = new Queue("hook", { connection: services.redis, prefix: flowQueuePrefix(id) });
  queues.push(queue);
  return { caller, id, queue };
}

const listen = (caller: Awaited<ReturnType<typeof newFlow>>["caller"], id: string) =>
  caller.samples.listenForWebhook({ id, stepId: "hook", component: "webhook", function: "receive", config: {} });

describe("test requests at /test-hook/<flowId>", () => {
  it("while the designer listens: 200, and waitForWebhook returns the request's body and headers as the sample", async () => {
    const { caller, id, queue } = await newFlow();
    const { testUrl } = await listen(caller, id);
    expect(testUrl).toBe(`${gateway.url}/test-hook/${id}`);
    const waiting = caller.samples.waitForWebhook({ id, timeoutMs: 10_000 });
    const res = await fetch(`${testUrl}/orders?src=shop`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-signature": "abc" },
      body: JSON.stringify({ order: 7 }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, message: "sample received: the designer shows it" });
    const answer = await waiting;
    expect(answer).toMatchObject({
      received: true,
      sample: {
        body: { order: 7 },
        headers: { method: "POST", path: "/orders", query: { src: "shop" }, headers: { "content-type": "application/json", "x-signature": "abc" } },
        source: "webhook",
      },
    });
    // a test request never reaches the flow
    expect(await queue.count()).toBe(0);
    expect(await services.redis.hexists(keys.routes, id)).toBe(0);
  });

  it("works the same while the flow runs, and still queues nothing", async () => {
    const { caller, id, queue } = await newFlow();
    const route: Route = {
      flowId: id,
      workspaceId: "ws",
      flowVersion: 1,
      state: "running",
      triggerStepId: "hook",
      component: "webhook",
      function: "receive",
      config: {},
      limits: { messages: 100, bytes: 1024 * 1024 },
    };
    await services.redis.hset(keys.routes, id, JSON.stringify(route));
    await services.redis.publish(keys.routesChannel, id);
    await expect.poll(async () => (await fetch(`${gateway.url}/hook/${id}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(202);
    await queue.obliterate({ force: true });

    const { testUrl } = await listen(caller, id);
    expect((await fetch(testUrl, { method: "PUT", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "hello=1" })).status).toBe(200);
    expect(await caller.samples.waitForWebhook({ id, timeoutMs: 2_000 })).toMatchObject({ received: true, sample: { body: { hello: "1" }, headers: { method: "PUT" } } });
    expect(await queue.count()).toBe(0);
    await services.redis.hdel(keys.routes, id);
    await services.redis.publish(keys.routesChannel, id);
  });

  it("answers 404 with what to do while nobody listens, before and after listening", async () => {
    const { caller, id, queue } = await newFlow();
    const post = () => fetch(`${gateway.url}/test-hook/${id}`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' });
    const notListening = { error: `nobody is listening for test requests to flow ${id}: press "Retrieve sample" on the trigger in the designer first` };
    const before = await post();
    expect(before.status).toBe(404);
    expect(await before.json()).toEqual(notListening);
    await listen(caller, id);
    expect((await post()).status).toBe(200);
    await caller.samples.stopListening({ id });
    const after = await post();
    expect(after.status).toBe(404);
    expect(await after.json()).toEqual(notListening);
    expect(await services.redis.exists(keys.webhookTestRequests(id))).toBe(0);
    expect(await queue.count()).toBe(0);
  });

  it("refuses what a webhook refuses: malformed JSON with 400, a body over the limit with 413, a method or content type the trigger does not take", async () => {
    const { caller, id } = await newFlow();
    const { testUrl } = await listen(caller, id);
    const malformed = await fetch(testUrl, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toMatch(/not valid JSON/);
    const large = await fetch(testUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify("x".repeat(2048)) });
    expect(large.status).toBe(413);
    const get = await fetch(testUrl);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST, PUT, PATCH");
    const text = await fetch(testUrl, { method: "POST", headers: { "content-type": "text/plain" }, body: "hello" });
    expect(text.status).toBe(415);
    expect(((await text.json()) as { error: string }).error).toMatch(/^content type text\/plain is not accepted/);
    expect(await caller.samples.waitForWebhook({ id, timeoutMs: 1_000 })).toEqual({ received: false });
  });

  it("keeps the newest 10 test requests, for as long as the designer listens", async () => {
    const { caller, id } = await newFlow();
    const { testUrl } = await listen(caller, id);
    for (let n = 1; n <= 12; n++) await fetch(testUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ n }) });
    expect(await services.redis.llen(keys.webhookTestRequests(id))).toBe(10);
    expect(await services.redis.pttl(keys.webhookTestRequests(id))).toBeGreaterThan(14 * 60_000);
    expect(await caller.samples.waitForWebhook({ id, timeoutMs: 1_000 })).toMatchObject({ received: true, sample: { body: { n: 3 } } });
  });
});
