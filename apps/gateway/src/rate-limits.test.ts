// A flow's webhook rates, on real Redis, shared by two gateways: everyone's bucket and each
// sender's (by address; X-Forwarded-For counts only from a trusted proxy). Over them: 429 with
// Retry-After, nothing queued.
import { randomUUID } from "node:crypto";
import { createRedis, flowQueuePrefix, keys, parseTrustedProxies, type Route } from "@interflow/queue";
import { Queue } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "./gateway";

const redis = createRedis(process.env.REDIS_URL as string);
const running: RunningGateway[] = [];
const flows: string[] = [];

afterAll(async () => {
  await Promise.all(running.map((g) => g.close()));
  for (const flowId of flows) {
    await redis.hdel(keys.routes, flowId);
    const queue = new Queue("hook", { connection: redis, prefix: flowQueuePrefix(flowId) });
    await queue.obliterate({ force: true });
    await queue.close();
  }
  await redis.quit();
});

async function flowWithRate(rate: Route["rate"]) {
  const flowId = `gr${randomUUID().replaceAll("-", "")}`;
  flows.push(flowId);
  const route: Route = { flowId, workspaceId: "ws-rate", flowVersion: 1, state: "running", triggerStepId: "hook", component: "webhook", function: "receive", config: {}, limits: { messages: 100_000, bytes: 100 * 1024 * 1024 }, rate };
  await redis.hset(keys.routes, flowId, JSON.stringify(route));
  await redis.publish(keys.routesChannel, flowId);
  return flowId;
}

const gateway = async (trusted = "") => {
  const g = await startGateway({ REDIS_URL: process.env.REDIS_URL as string, GATEWAY_PORT: 0, GATEWAY_HOST: "127.0.0.1", INTERFLOW_BODY_LIMIT: 64 * 1024, INTERFLOW_TRUSTED_PROXIES: parseTrustedProxies(trusted) });
  running.push(g);
  return g;
};
const post = (g: RunningGateway, flowId: string, headers: Record<string, string> = {}) =>
  fetch(`${g.url}/hook/${flowId}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: "{}" });

describe("a flow's webhook rates", () => {
  it("everyone's rate is one bucket for all gateways: 1 a second with a burst of 5 takes 5 of 10 sent at once through two gateways, the rest get 429 with Retry-After", async () => {
    const [a, b] = [await gateway(), await gateway()];
    const flowId = await flowWithRate({ perSecond: 1, burst: 5 });
    // once both gateways know the route, its bucket is filled again
    await expect.poll(async () => (await post(a, flowId)).status).toBe(202);
    await expect.poll(async () => (await post(b, flowId)).status).not.toBe(404);
    await redis.del(`${flowQueuePrefix(flowId)}:rate:flow`);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => post(i % 2 === 0 ? a : b, flowId)));
    expect(answers.filter((r) => r.status === 202)).toHaveLength(5);
    const refused = answers.filter((r) => r.status === 429);
    expect(refused).toHaveLength(5);
    expect(refused[0]?.headers.get("retry-after")).toBe("1");
    expect(await refused[0]?.text()).toMatch(/takes 1 a second at most; retry in 1 s/);
    // a second later there is room again
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await post(a, flowId)).status).toBe(202);
  });

  it("each sender's rate is its own bucket; behind a trusted proxy its X-Forwarded-For names the sender, otherwise a made-up one changes nothing", async () => {
    const proxied = await gateway("127.0.0.1");
    const direct = await gateway();
    const flowId = await flowWithRate({ perSenderPerSecond: 0.1, senderBurst: 2 });
    await expect.poll(async () => (await post(direct, flowId, { "x-forwarded-for": "198.51.100.99" })).status).toBe(202);
    // direct: the peer (127.0.0.1) is the sender whatever the header says — one more, then refused
    expect((await post(direct, flowId, { "x-forwarded-for": "198.51.100.1" })).status).toBe(202);
    const forged = await post(direct, flowId, { "x-forwarded-for": "198.51.100.2" });
    expect(forged.status).toBe(429);
    expect(((await forged.json()) as { error: string }).error).toMatch(/0.1 a second from one sender/);
    // through the trusted proxy: two senders, two buckets of 2
    const statuses = async (sender: string) => [await post(proxied, flowId, { "x-forwarded-for": sender }), await post(proxied, flowId, { "x-forwarded-for": sender }), await post(proxied, flowId, { "x-forwarded-for": sender })].map((r) => r.status);
    expect(await statuses("203.0.113.1")).toEqual([202, 202, 429]);
    expect(await statuses("203.0.113.2")).toEqual([202, 202, 429]);
  });
});
