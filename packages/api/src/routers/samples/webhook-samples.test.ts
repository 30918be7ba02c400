// Retrieving a webhook trigger's sample: listening, the test requests the gateway keeps (added here
// with the gateway's own function; apps/gateway tests the whole round trip), taking them, stopping.
import { addTestRequest, keys, openTestHookAuth, TEST_REQUESTS, webhookListenerSchema } from "@interflow/queue";
import { describe, expect, it } from "vitest";
import { GATEWAY_URL, newTenant, useTestServices, webhookFlow } from "../../testing/api-fixture";

const services = useTestServices();

async function flowOfNewTenant() {
  const tenant = await newTenant(services);
  const { id } = await tenant.caller.flows.import({ document: webhookFlow() });
  return { ...tenant, id };
}

const listenInput = (id: string) => ({ id, stepId: "hook", component: "webhook", function: "receive", config: {} });

describe("samples of a webhook trigger", () => {
  it("listens for 15 minutes at the flow's test URL, dropping test requests received before", async () => {
    const { caller, id } = await flowOfNewTenant();
    await addTestRequest({ redis: services.redis, flowId: id, request: { body: { old: true }, headers: {}, receivedAt: new Date().toISOString() } });
    const before = Date.now();
    const listening = await caller.samples.listenForWebhook(listenInput(id));
    expect(listening.testUrl).toBe(`${GATEWAY_URL}/test-hook/${id}`);
    expect(new Date(listening.listeningUntil).getTime()).toBeGreaterThanOrEqual(before + TEST_REQUESTS.listenMs);
    expect(await services.redis.pttl(keys.webhookListener(id))).toBeGreaterThan(TEST_REQUESTS.listenMs - 5_000);
    expect(await services.redis.llen(keys.webhookTestRequests(id))).toBe(0);
    expect(JSON.parse((await services.redis.get(keys.webhookListener(id))) ?? "null")).toMatchObject({ stepId: "hook", component: "webhook", function: "receive" });
  });

  it("a trigger with sender authentication: its credential is sealed for the gateways' test URL (never in the clear); another workspace's or component's credential is refused naming credentialId", async () => {
    const { caller, id } = await flowOfNewTenant();
    const secret = "whsec_listen_0123456789abcdef";
    const credential = await caller.credentials.create({ name: "Shop senders", component: "webhook", authKind: "hmac-signature", secrets: { secret } });
    await caller.samples.listenForWebhook({ ...listenInput(id), credentialId: credential.id });
    const stored = (await services.redis.get(keys.webhookListener(id))) ?? "";
    expect(stored).not.toContain(secret);
    const listener = webhookListenerSchema.parse(JSON.parse(stored));
    expect(listener.auth?.credentialId).toBe(credential.id);
    // the gateway opens it with the webhook key, for this flow's trigger only
    const binding = { flowId: id, stepId: "hook", component: "webhook", function: "receive", config: {} };
    const webhookKey = services.webhookKey as string;
    expect(openTestHookAuth({ webhookKey, listener: binding, sealed: listener.auth?.sealed as string })).toMatchObject({ authKind: "hmac-signature", secrets: { secret } });
    expect(() => openTestHookAuth({ webhookKey, listener: { ...binding, flowId: "another" }, sealed: listener.auth?.sealed as string })).toThrow();

    const other = await flowOfNewTenant();
    await expect(other.caller.samples.listenForWebhook({ ...listenInput(other.id), credentialId: credential.id })).rejects.toThrow(`credentialId: ${credential.id} is not one of this workspace's credentials`);
    const http = await caller.credentials.create({ name: "CRM", component: "http", authKind: "bearer", secrets: { token: "t-12345678" } });
    await expect(caller.samples.listenForWebhook({ ...listenInput(id), credentialId: http.id })).rejects.toThrow('credentialId: "CRM" is for the http component, not webhook');
  });

  it("hands out each test request once, oldest first, as a webhook sample; waits when there is none", async () => {
    const { caller, id } = await flowOfNewTenant();
    await caller.samples.listenForWebhook(listenInput(id));
    const headers = { method: "POST", path: "/orders", query: {}, headers: { "content-type": "application/json" } };
    await addTestRequest({ redis: services.redis, flowId: id, request: { body: { order: 1 }, headers, receivedAt: "2030-01-01T00:00:00.000Z" } });
    await addTestRequest({ redis: services.redis, flowId: id, request: { body: { order: 2 }, headers, receivedAt: "2030-01-01T00:00:01.000Z" } });
    expect(await caller.samples.waitForWebhook({ id, timeoutMs: 1_000 })).toEqual({
      received: true,
      sample: { body: { order: 1 }, headers, source: "webhook", takenAt: "2030-01-01T00:00:00.000Z" },
    });
    expect(await caller.samples.waitForWebhook({ id, timeoutMs: 1_000 })).toMatchObject({ received: true, sample: { body: { order: 2 } } });
    const started = Date.now();
    expect(await caller.samples.waitForWebhook({ id, timeoutMs: 1_000 })).toEqual({ received: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("answers a request that arrives while it waits", async () => {
    const { caller, id } = await flowOfNewTenant();
    await caller.samples.listenForWebhook(listenInput(id));
    const waiting = caller.samples.waitForWebhook({ id, timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await addTestRequest({ redis: services.redis, flowId: id, request: { body: { late: true }, headers: {}, receivedAt: new Date().toISOString() } });
    expect(await waiting).toMatchObject({ received: true, sample: { body: { late: true }, source: "webhook" } });
  });

  it("stops listening; waiting without listening is refused with what to do", async () => {
    const { caller, id } = await flowOfNewTenant();
    await caller.samples.listenForWebhook(listenInput(id));
    expect(await caller.samples.stopListening({ id })).toEqual({ id });
    expect(await services.redis.exists(keys.webhookListener(id))).toBe(0);
    await expect(caller.samples.waitForWebhook({ id, timeoutMs: 1_000 })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'not listening for test requests (it stops after 15 minutes): press "Retrieve sample" again',
    });
  });

  it("refuses to listen with a function that receives no webhooks, or an unknown one", async () => {
    const { caller, id } = await flowOfNewTenant();
    await expect(caller.samples.listenForWebhook({ ...listenInput(id), stepId: "send", component: "http", function: "request" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "function: http.request does not receive webhooks; its sample cannot come from a test request",
    });
    await expect(caller.samples.listenForWebhook({ ...listenInput(id), component: "nope" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: 'component: unknown component "nope"',
    });
    expect(await services.redis.exists(keys.webhookListener(id))).toBe(0);
    // waits are between 1 and 25 seconds
    await caller.samples.listenForWebhook(listenInput(id));
    await expect(caller.samples.waitForWebhook({ id, timeoutMs: 500 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("timeoutMs") });
    await expect(caller.samples.waitForWebhook({ id, timeoutMs: 30_000 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("timeoutMs") });
  });
});
