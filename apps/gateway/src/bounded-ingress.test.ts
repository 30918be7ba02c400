// What one gateway takes at once, on real Redis: slow senders hold a body each, yet a normal
// sender is served; over the cap on bodies or bytes being received a webhook gets 503 with
// Retry-After before its body is read; a sender too slow is cut off (408) and its room freed.
import { randomUUID } from "node:crypto";
import { connect, type Socket } from "node:net";
import { createRedis, flowQueuePrefix, keys, type Route } from "@interflow/queue";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayEnv } from "./env";
import { type RunningGateway, startGateway } from "./gateway";

const redis = createRedis(process.env.REDIS_URL as string);
const flowId = `gb${randomUUID().replaceAll("-", "")}`;
const running: RunningGateway[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  const route: Route = { flowId, workspaceId: "ws-bounded", flowVersion: 1, state: "running", triggerStepId: "hook", component: "webhook", function: "receive", config: {}, limits: { messages: 100_000, bytes: 500 * 1024 * 1024 } };
  await redis.hset(keys.routes, flowId, JSON.stringify(route));
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(running.map((g) => g.close()));
  await redis.hdel(keys.routes, flowId);
  const queue = new Queue("hook", { connection: redis, prefix: flowQueuePrefix(flowId) });
  await queue.obliterate({ force: true });
  await queue.close();
  await redis.quit();
});

async function gatewayWith(env: Partial<GatewayEnv> = {}) {
  const gateway = await startGateway({ REDIS_URL: process.env.REDIS_URL as string, GATEWAY_PORT: 0, GATEWAY_HOST: "127.0.0.1", INTERFLOW_BODY_LIMIT: 1024 * 1024, ...env });
  running.push(gateway);
  return gateway;
}

/** A sender that sends its headers (declaring `length` bytes of body) and then nothing; resolves once the gateway has it. */
async function slowSender(gateway: RunningGateway, length: number): Promise<{ socket: Socket; answer: Promise<string> }> {
  const { port } = new URL(gateway.url);
  const socket = connect(Number(port), "127.0.0.1");
  sockets.push(socket);
  let received = "";
  const answer = new Promise<string>((resolve) => {
    socket.on("data", (chunk) => {
      received += chunk.toString("utf8");
    });
    socket.on("close", () => resolve(received));
    socket.on("error", () => resolve(received));
  });
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  socket.write(`POST /hook/${flowId} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n{`);
  return { socket, answer };
}

const send = (gateway: RunningGateway, body: unknown) => fetch(`${gateway.url}/hook/${flowId}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("bounded ingress at a gateway", () => {
  it("200 slow senders, each holding a body open, do not keep a normal sender from its 202 within a second", async () => {
    const gateway = await gatewayWith();
    await Promise.all(Array.from({ length: 200 }, () => slowSender(gateway, 1000)));
    const started = Date.now();
    const res = await send(gateway, { order: 1 });
    expect(res.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("over its cap on bodies being received, a webhook gets 503 with Retry-After before its body is read; room again once a slow sender leaves", async () => {
    const gateway = await gatewayWith({ INTERFLOW_GATEWAY_MAX_BODIES: 3 });
    const slow = await Promise.all(Array.from({ length: 3 }, () => slowSender(gateway, 1000)));
    await expect.poll(async () => (await send(gateway, { order: 2 })).status).toBe(503);
    const busy = await send(gateway, { order: 3 });
    expect(busy.headers.get("retry-after")).toBe("1");
    expect(((await busy.json()) as { error: string }).error).toMatch(/receiving 3 request bodies, its limit: nothing was accepted/);
    slow[0]?.socket.destroy();
    await expect.poll(async () => (await send(gateway, { order: 4 })).status).toBe(202);
  });

  it("over its cap on bytes being received (each body's Content-Length), a large webhook gets 503 while a small one is taken", async () => {
    const gateway = await gatewayWith({ INTERFLOW_GATEWAY_MAX_BODY_BYTES: 1024 * 1024 });
    await slowSender(gateway, 900 * 1024);
    const large = await fetch(`${gateway.url}/hook/${flowId}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify("x".repeat(200 * 1024)) });
    expect(large.status).toBe(503);
    expect(((await large.json()) as { error: string }).error).toMatch(/over its limit of 1048576/);
    expect((await send(gateway, { order: 5 })).status).toBe(202);
  });

  it("a sender too slow to send its body is cut off with 408, and its room is freed", async () => {
    const gateway = await gatewayWith({ INTERFLOW_GATEWAY_MAX_BODIES: 1, INTERFLOW_GATEWAY_REQUEST_TIMEOUT_MS: 500 });
    const slow = await slowSender(gateway, 1000);
    expect(await slow.answer).toMatch(/^HTTP\/1\.1 408/);
    await expect.poll(async () => (await send(gateway, { order: 6 })).status).toBe(202);
  });
});
