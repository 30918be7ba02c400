// A webhook that checks its senders, end to end on real PostgreSQL, Redis and runners: a credential
// on the trigger (API → worker → route sealed for the gateways → gateway), signed requests run the
// flow and unsigned ones get 401 with nothing queued; rotating the secret (credentials.rotateSecret)
// returns the new one once, the old one still works during the grace period, and no secret is
// ever in Redis in the clear.
import { createHmac } from "node:crypto";
import { keys, webhookAnswersField } from "@interflow/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, exampleFlow, type Harness, order, startHarness, waitForState as waitFor } from "./testing/harness";
import { Sink } from "./testing/sink";
import { RefusalWatch } from "./webhook-refusals";

let h: Harness;
let caller: Caller;

beforeAll(async () => {
  h = await startHarness({ database: "interflow_worker_webhook_auth", redisDb: 13 });
  caller = h.caller;
});
afterAll(() => h?.close());

const sign = (secret: string, body: string, at = Math.floor(Date.now() / 1000)) => ({
  "content-type": "application/json",
  "x-interflow-timestamp": String(at),
  "x-interflow-signature": `sha256=${createHmac("sha256", secret).update(`${at}.${body}`).digest("hex")}`,
});

describe("a webhook with sender authentication", () => {
  it("runs signed requests, refuses unsigned ones (401, nothing queued), and takes the old secret after a rotation only during its grace period", async () => {
    const sink = await new Sink().start();
    try {
      const secret = "first-signing-secret-0123456789";
      const credential = await caller.credentials.create({ name: "shop signatures", component: "webhook", authKind: "hmac-signature", secrets: { secret } });
      const document = exampleFlow(sink.url, "webhook auth: hmac");
      const trigger = document.nodes.find((n) => n.component === "webhook");
      if (!trigger) throw new Error("the example lost its webhook");
      trigger.credentialId = credential.id;
      document.settings = { ...document.settings, webhookRate: { perSecond: 500, perSenderPerSecond: 100 } };
      const { id } = await caller.flows.import({ document });
      await caller.flows.start({ id });
      await waitFor(caller, id, "running");
      // what Redis holds for the gateways is sealed: the secret is nowhere in it
      const route = (await h.redis.hget(keys.routes, id)) as string;
      expect(JSON.parse(route).auth).toMatchObject({ credentialId: credential.id, sealed: expect.stringMatching(/^v1\./) });
      // and the flow's webhook rates, for every gateway to apply
      expect(JSON.parse(route).rate).toEqual({ perSecond: 500, perSenderPerSecond: 100 });
      expect(route).not.toContain(secret);
      expect((await h.redis.get(keys.deployment(id))) ?? "").not.toContain(secret);

      const post = (body: unknown, headers: Record<string, string>) => {
        const text = JSON.stringify(body);
        return fetch(`${h.gateway.url}/hook/${id}`, { method: "POST", headers, body: text });
      };
      const unsigned = await post(order(1), { "content-type": "application/json" });
      expect(unsigned.status).toBe(401);
      // counted where people look: the flow's status and dashboard
      await expect.poll(async () => (await caller.flows.status({ id })).webhookRefused, { timeout: 10_000 }).toBe(1);
      expect((await caller.flows.dashboard({})).flows.find((f) => f.id === id)?.webhookRefused).toBe(1);
      const signed = await post(order(2), sign(secret, JSON.stringify(order(2))));
      expect(signed.status, await signed.clone().text()).toBe(202);
      await expect.poll(() => sink.distinct("orderId").size, { timeout: 30_000 }).toBe(1);
      expect([...sink.distinct("orderId")]).toEqual(["order-2"]);

      // rotated: the new secret comes back once; the running flow restarts on it, the old one is still taken for the grace period
      const rotated = await caller.credentials.rotateSecret({ id: credential.id, graceHours: 1 });
      expect(rotated).toMatchObject({ field: "secret", previousValidUntil: expect.any(String) });
      expect(rotated.secret).not.toBe(secret);
      expect(JSON.stringify(rotated.credential)).not.toContain(rotated.secret);
      await expect.poll(async () => (await post(order(3), sign(rotated.secret, JSON.stringify(order(3))))).status, { timeout: 30_000 }).toBe(202);
      // the route the gateways read now carries the new secret and the previous one, sealed
      expect((await h.redis.hget(keys.routes, id)) ?? "").not.toContain(rotated.secret);
      expect((await post(order(4), sign(secret, JSON.stringify(order(4))))).status).toBe(202);
      expect((await post(order(5), sign("not-the-secret", JSON.stringify(order(5))))).status).toBe(401);
      await expect.poll(() => sink.distinct("orderId").size, { timeout: 30_000 }).toBe(3);
      expect([...sink.distinct("orderId")].sort()).toEqual(["order-2", "order-3", "order-4"]);
      // the rotation is audited, naming the field and never a value
      const audit = await h.db.prisma.auditEntry.findMany({ where: { action: "credential.rotate" } });
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain(rotated.secret);

      // rotated again with no grace: only the newest is taken
      const again = await caller.credentials.rotateSecret({ id: credential.id, graceHours: 0 });
      // (each try another order: a request sent twice is refused as a replay)
      let n = 100;
      await expect.poll(async () => (await post(order(++n), sign(again.secret, JSON.stringify(order(n))))).status, { timeout: 30_000 }).toBe(202);
      expect((await post(order(6), sign(rotated.secret, JSON.stringify(order(6))))).status).toBe(401);
      await caller.flows.stop({ id });
      await waitFor(caller, id, "stopped");
    } finally {
      await sink.close();
    }
  });

  it("a burst of refused webhooks (20 or more between two looks a minute apart) is audited in the flow's workspace, a trickle is not", async () => {
    const sink = await new Sink().start();
    try {
      const { id } = await caller.flows.import({ document: exampleFlow(sink.url, "webhook auth: refusal bursts") });
      const flow = { id, name: "webhook auth: refusal bursts", workspaceId: h.workspaceId };
      const refuse = (n: number) => h.redis.hincrby(keys.stats(id), webhookAnswersField(401), n);
      const watch = new RefusalWatch();
      const look = (now: number) => watch.look({ db: h.db, redis: h.redis, flow, now });
      const t0 = Date.now();
      expect(await look(t0)).toBe(0);
      await refuse(5);
      expect(await look(t0 + 61_000)).toBe(0);
      await refuse(25);
      // within the minute: not looked at yet
      expect(await look(t0 + 90_000)).toBe(0);
      expect(await look(t0 + 122_000)).toBe(25);
      const entries = await h.db.prisma.auditEntry.findMany({ where: { action: "webhook.refused-burst", target: flow.name } });
      expect(entries).toHaveLength(1);
      expect(entries[0]?.detail).toEqual({ flowId: id, refused: 25, seconds: 61 });
    } finally {
      await sink.close();
    }
  });

  it("refuses to rotate a credential whose secret the platform does not make, naming why", async () => {
    const credential = await caller.credentials.create({ name: "an API", component: "http", authKind: "bearer", secrets: { token: "t-1234567890" } });
    await expect(caller.credentials.rotateSecret({ id: credential.id })).rejects.toThrow(/has no secret the platform makes/);
  });
});
