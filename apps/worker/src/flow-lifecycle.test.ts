// The path of a message, end to end, on real PostgreSQL, Redis and runner processes:
// API import/start → gateway → webhook → transform → http → a local sink; kill -9 of a runner;
// stop drops what is unprocessed.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { FlowDocument } from "@interflow/flow";
import { keys, type RunnerStatus } from "@interflow/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, exampleFlow, type Harness, order, postOrder, startHarness, unfinishedJobs as unfinishedJobsOf, waitForState as waitFor } from "./testing/harness";
import { Sink, sendAll } from "./testing/sink";

let h: Harness;
let caller: Caller;

beforeAll(async () => {
  h = await startHarness({ database: "interflow_worker_test", redisDb: 3 });
  caller = h.caller;
});
afterAll(() => h?.close());

const waitForState = (id: string, state: string, timeoutMs?: number) => waitFor(caller, id, state, timeoutMs);
const unfinishedJobs = (flowId: string) => unfinishedJobsOf(h.redis, flowId);
const post = (flowId: string, i: number) => postOrder(h.gateway.url, flowId, i);

/** examples/order-routing.json with its http steps delivering to the sink */
function orderRoutingFlow(sinkUrl: string, name: string): FlowDocument {
  const doc = JSON.parse(readFileSync(path.join(import.meta.dirname, "../../../examples/order-routing.json"), "utf8")) as FlowDocument;
  for (const node of doc.nodes) if (node.component === "http") node.config = { ...node.config, url: String(node.config.url).replace("http://127.0.0.1:4000", sinkUrl) };
  return { ...doc, name };
}

describe("a flow end to end", () => {
  it("the order-routing example: a condition sends big orders to approval, each order's lines are split and batched by 50 for the warehouse; its batch runner killed with SIGKILL mid-stream loses no line and sends none twice", async () => {
    const sink = await new Sink().start();
    try {
      const { id } = await caller.flows.import({ document: orderRoutingFlow(sink.url, "lifecycle: routing, split, batch, kill -9") });
      await caller.flows.start({ id });
      await waitForState(id, "running");
      const pidOf = async (field: string) => (JSON.parse((await h.redis.hget(keys.runners(id), field)) as string) as RunnerStatus).pid;
      // 602 lines: twelve batches full (by count), the last two sent when its 5 s are over (by time)
      const count = 301;
      const sending = sendAll(count, 10, (i) => post(id, i));
      // killed while its batches fill
      await expect.poll(async () => (await h.redis.hget(keys.backlog(id), "bulk.collected")) ?? "0", { timeout: 30_000, interval: 10 }).not.toBe("0");
      await new Promise((r) => setTimeout(r, 300));
      process.kill(await pidOf("bulk.0"), "SIGKILL");
      expect((await sending).filter((s) => s !== 202)).toEqual([]);

      // every line of every order arrives in a batch of at most 50, each line in one batch only
      const batches = () => sink.deliveries.filter((d) => d.path === "/lines");
      const lineKeys = () => batches().flatMap((d) => (d.body as unknown as { items: Array<{ orderId: string; line: number }> }).items.map((l) => `${l.orderId}#${l.line}`));
      await expect.poll(() => new Set(lineKeys()).size, { timeout: 60_000, interval: 250 }).toBe(count * 2);
      await expect.poll(() => unfinishedJobs(id), { timeout: 30_000 }).toBe(0);
      const byBatch = new Map<string, string[]>();
      for (const d of batches()) byBatch.set(d.idempotencyKey, (d.body as unknown as { items: Array<{ orderId: string; line: number }> }).items.map((l) => `${l.orderId}#${l.line}`));
      const once = [...byBatch.values()].flat();
      expect(once.length).toBe(count * 2);
      expect(new Set(once).size).toBe(count * 2);
      expect([...byBatch.values()].every((lines) => lines.length >= 1 && lines.length <= 50)).toBe(true);
      expect([...byBatch.values()].some((lines) => lines.length < 50)).toBe(true);
      // the approvals: exactly the orders whose total is over 100
      const big = Array.from({ length: count }, (_, i) => order(i)).filter((o) => o.items.reduce((sum, it) => sum + it.price * it.quantity, 0) > 100);
      await expect.poll(() => sink.distinctAt("/approvals", "orderId").size, { timeout: 30_000 }).toBe(big.length);
      expect([...sink.distinctAt("/approvals", "orderId")].sort()).toEqual(big.map((o) => o.id).sort());
      const restarts = Object.fromEntries((await caller.flows.status({ id })).steps.map((step) => [step.id, step.restarts]));
      expect(restarts.bulk).toMatchObject({ reason: "killed (SIGKILL)" });
      await caller.flows.stop({ id });
      await waitForState(id, "stopped");
    } finally {
      await sink.close();
    }
  });

  it("imports, starts through starting → running, and delivers 1,000 webhooks mapped, none lost, none duplicated", async () => {
    const sink = await new Sink().start();
    try {
      const { id } = await caller.flows.import({ document: exampleFlow(sink.url, "lifecycle: 1000 messages") });
      expect((await caller.flows.status({ id })).state).toBe("stopped");
      await caller.flows.start({ id });
      await waitForState(id, "running");
      const statuses = await sendAll(1000, 50, (i) => post(id, i));
      expect(statuses.filter((s) => s !== 202)).toEqual([]);
      await expect.poll(() => sink.deliveries.length, { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(1000);
      await new Promise((r) => setTimeout(r, 300));
      expect(sink.deliveries.length).toBe(1000);
      expect(sink.distinct("orderId").size).toBe(1000);
      expect(new Set(sink.deliveries.map((d) => d.idempotencyKey)).size).toBe(1000);
      const seven = sink.deliveries.find((d) => d.body.orderId === "order-7");
      expect(seven?.body).toEqual({
        orderId: "order-7",
        customer: "Customer 7",
        email: "c7@example.org",
        total: 13,
        items: 2,
        receivedVia: "POST",
        source: "shop",
      });

      const transitions = (await caller.flows.transitions({ id })).transitions.map((t) => `${t.from}>${t.to}`);
      expect(transitions.slice(0, 2)).toEqual(["starting>running", "stopped>starting"]);
      await caller.flows.stop({ id });
      await waitForState(id, "stopped");
    } finally {
      await sink.close();
    }
  });

  it("loses nothing when runners are killed with SIGKILL mid-stream; a copy carries the same Idempotency-Key", async () => {
    const sink = await new Sink().start();
    sink.delayMs = 50; // the http step always has requests in flight when it is killed
    try {
      const { id } = await caller.flows.import({ document: exampleFlow(sink.url, "lifecycle: kill -9") });
      await caller.flows.start({ id });
      await waitForState(id, "running");
      const sending = sendAll(1000, 20, (i) => post(id, i));
      const pidOf = async (field: string) => (JSON.parse((await h.redis.hget(keys.runners(id), field)) as string) as RunnerStatus).pid;
      await expect.poll(() => sink.deliveries.length, { timeout: 30_000, interval: 10 }).toBeGreaterThan(150);
      process.kill(await pidOf("transform.0"), "SIGKILL");
      process.kill(await pidOf("deliver.0"), "SIGKILL");
      expect((await sending).filter((s) => s !== 202)).toEqual([]);

      // done when every step queue is empty, the killed runners' jobs included (they come back
      // once their locks expire)
      await expect
        .poll(async () => sink.distinct("orderId").size === 1000 && (await unfinishedJobs(id)) === 0, { timeout: 90_000, interval: 250 })
        .toBe(true);
      const keysByOrder = new Map<unknown, Set<string>>();
      for (const d of sink.deliveries) keysByOrder.set(d.body.orderId, (keysByOrder.get(d.body.orderId) ?? new Set()).add(d.idempotencyKey));
      expect([...keysByOrder.values()].filter((k) => k.size !== 1)).toEqual([]);
      // the requests cut off by the kill were sent again: copies exist, each with its original key
      expect(sink.deliveries.length).toBeGreaterThan(1000);
      // the restarts show in the flow's status: how often, and why (killed)
      const restarts = Object.fromEntries((await caller.flows.status({ id })).steps.map((step) => [step.id, step.restarts]));
      expect(restarts.transform).toMatchObject({ count: expect.any(Number), reason: "killed (SIGKILL)", oomKilled: false });
      expect(restarts.deliver?.count).toBeGreaterThanOrEqual(1);
      await caller.flows.stop({ id });
      await waitForState(id, "stopped");
    } finally {
      await sink.close();
    }
  });

  it("messages a Wait step holds outlive a worker restart: each arrives once, after its time", async () => {
    const sink = await new Sink().start();
    try {
      const document = exampleFlow(sink.url, "lifecycle: wait across a worker restart");
      // webhook → wait 4 s → transform → deliver
      document.nodes.push({ id: "wait", component: "delay", function: "wait", config: { wait: "for", seconds: 4 }, position: { x: 140, y: 120 } });
      document.edges = [
        { source: "webhook", target: "wait" },
        { source: "wait", target: "transform" },
        { source: "transform", target: "deliver" },
      ];
      const { id } = await caller.flows.import({ document });
      await caller.flows.start({ id });
      await waitForState(id, "running");
      const sentAt = Date.now();
      expect((await sendAll(20, 5, (i) => post(id, i))).every((s) => s === 202)).toBe(true);
      await expect.poll(async () => Number((await h.redis.hget(keys.backlog(id), "transform.waiting")) ?? 0), { timeout: 10_000, interval: 50 }).toBe(20);
      await h.restartWorker();
      await waitForState(id, "running");
      await expect.poll(() => sink.distinct("orderId").size, { timeout: 60_000, interval: 250 }).toBe(20);
      expect(sink.deliveries).toHaveLength(20);
      expect(Math.min(...sink.deliveries.map((d) => d.at)) - sentAt).toBeGreaterThanOrEqual(3_900);
      await expect.poll(async () => Number((await h.redis.hget(keys.backlog(id), "transform.waiting")) ?? 0)).toBe(0);
      await caller.flows.stop({ id });
      await waitForState(id, "stopped");
    } finally {
      await sink.close();
    }
  });

  it("a restarted worker brings a running flow's runners back and messages flow again", async () => {
    const sink = await new Sink().start();
    try {
      const { id } = await caller.flows.import({ document: exampleFlow(sink.url, "lifecycle: worker restart") });
      await caller.flows.start({ id });
      await waitForState(id, "running");
      await h.worker.close(); // its runners go with it; the flow stays running in the database
      expect(await h.redis.hlen(keys.runners(id))).toBe(0);
      await h.restartWorker();
      await expect.poll(() => h.redis.hlen(keys.runners(id)), { timeout: 30_000 }).toBe(3);
      expect((await caller.flows.status({ id })).state).toBe("running");
      expect(await post(id, 42)).toBe(202);
      await expect.poll(() => sink.distinct("orderId").has("order-42")).toBe(true);
      await caller.flows.stop({ id });
      await waitForState(id, "stopped");
    } finally {
      await sink.close();
    }
  });

  it("stop goes running → stopping → stopped, drops the unprocessed messages and closes the webhook", async () => {
    const sink = await new Sink().start();
    sink.delayMs = 1_000;
    try {
      const { id } = await caller.flows.import({ document: exampleFlow(sink.url, "lifecycle: stop drops") });
      await caller.flows.start({ id });
      await waitForState(id, "running");
      expect((await sendAll(300, 20, (i) => post(id, i))).every((s) => s === 202)).toBe(true);
      await caller.flows.stop({ id });
      await waitForState(id, "stopped", 60_000);

      const [last, stopping] = (await caller.flows.transitions({ id })).transitions;
      expect(`${stopping?.from}>${stopping?.to}`).toBe("running>stopping");
      expect(`${last?.from}>${last?.to}`).toBe("stopping>stopped");
      const dropped = Number(/(\d+) unprocessed message/.exec(last?.cause ?? "")?.[1]);
      expect(dropped).toBeGreaterThan(0);
      expect(sink.deliveries.length + dropped).toBeLessThanOrEqual(300);

      // what stays: the counters (the time buckets expire by themselves) and the runners' logs
      // (kept for their retention, to read why a flow stopped); the records stream goes once written
      const stray = async () =>
        (await h.redis.keys(`if:{${id}}:*`)).filter((k) => !k.endsWith(":stats") && !k.includes(":stats:") && !k.includes(":logs:"));
      await expect.poll(stray, { timeout: 10_000 }).toEqual([]);
      const leftovers = await h.redis.keys(`if:{${id}}:*`);
      expect(leftovers.some((k) => k.includes(":logs:"))).toBe(true);
      expect(await post(id, 1)).toBe(404);
      // every accepted message is an execution: delivered, or dropped at the step it waited for
      const byStatus = async () =>
        Object.fromEntries(
          (await h.db.prisma.execution.groupBy({ by: ["status"], where: { flowId: id }, _count: { _all: true } })).map((e) => [e.status, e._count._all]),
        );
      await expect.poll(byStatus, { timeout: 10_000 }).toEqual({ ok: new Set(sink.deliveries.map((d) => d.idempotencyKey)).size, dropped });
      const delivered = sink.deliveries.length;
      await new Promise((r) => setTimeout(r, 1_500));
      expect(sink.deliveries.length).toBe(delivered);
    } finally {
      await sink.close();
    }
  });

  it("stop drops the messages a batch holds too, each recorded as dropped, and leaves none of its keys", async () => {
    const sink = await new Sink().start();
    try {
      const document = exampleFlow(sink.url, "lifecycle: stop drops a batch");
      document.nodes.push({ id: "bulk", component: "batch", function: "collect", config: { size: 50, maxWaitSeconds: 3600 }, position: { x: 140, y: 120 } });
      document.edges = [
        { source: "webhook", target: "bulk" },
        { source: "bulk", target: "deliver" },
      ];
      document.nodes = document.nodes.filter((n) => n.id !== "transform");
      const deliver = document.nodes.find((n) => n.id === "deliver");
      if (deliver) delete deliver.mapping;
      const { id } = await caller.flows.import({ document });
      await caller.flows.start({ id });
      await waitForState(id, "running");
      expect((await sendAll(7, 7, (i) => post(id, i))).every((s) => s === 202)).toBe(true);
      await expect.poll(async () => Number((await h.redis.hget(keys.backlog(id), "bulk.collected")) ?? 0), { timeout: 10_000 }).toBe(7);
      // a new version that removes the batch step is refused with the count, the batch's messages included
      const without = { ...document, nodes: document.nodes.filter((n) => n.id !== "bulk"), edges: [{ source: "webhook", target: "deliver" }] };
      await caller.flows.saveDraft({ id, document: without, baseVersion: 1 });
      await expect(caller.flows.publish({ id })).rejects.toThrow(/step "bulk" holds 7 queued messages/);
      await caller.flows.discardDraft({ id });
      await caller.flows.stop({ id });
      await waitForState(id, "stopped", 60_000);
      const [last] = (await caller.flows.transitions({ id })).transitions;
      expect(last?.cause).toMatch(/7 unprocessed messages/);
      const byStatus = async () =>
        Object.fromEntries((await h.db.prisma.execution.groupBy({ by: ["status"], where: { flowId: id }, _count: { _all: true } })).map((e) => [e.status, e._count._all]));
      await expect.poll(byStatus, { timeout: 10_000 }).toEqual({ dropped: 7 });
      const stray = async () => (await h.redis.keys(`if:{${id}}:*`)).filter((k) => !k.endsWith(":stats") && !k.includes(":stats:") && !k.includes(":logs:"));
      await expect.poll(stray, { timeout: 10_000 }).toEqual([]);
      expect(sink.deliveries).toEqual([]);
    } finally {
      await sink.close();
    }
  });

  it("suspend keeps every queued message and answers webhooks 503; resume delivers each of them once", async () => {
    const sink = await new Sink().start();
    // slow enough that 300 messages take ~6 s at the deliver step's 50 at a time: some are still
    // queued when the suspend comes, however slow the machine is to send them and to suspend
    sink.delayMs = 1_000;
    try {
      const { id } = await caller.flows.import({ document: exampleFlow(sink.url, "lifecycle: suspend keeps") });
      await caller.flows.start({ id });
      await waitForState(id, "running");
      expect((await sendAll(300, 20, (i) => post(id, i))).every((s) => s === 202)).toBe(true);
      await caller.flows.suspend({ id });
      await waitForState(id, "suspended", 60_000);

      const [suspended, suspending] = (await caller.flows.transitions({ id })).transitions;
      expect(`${suspending?.from}>${suspending?.to}:${suspending?.event}`).toBe("running>suspending:suspend");
      const kept = Number(/(\d+) messages? kept for resume/.exec(suspended?.cause ?? "")?.[1]);
      expect(kept).toBeGreaterThan(0);
      expect(await h.redis.hlen(keys.runners(id))).toBe(0);
      const hook = await fetch(`${h.gateway.url}/hook/${id}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(hook.status).toBe(503);
      expect(hook.headers.get("retry-after")).toBe("60");
      const delivered = sink.deliveries.length;
      await new Promise((r) => setTimeout(r, 1_000));
      expect(sink.deliveries.length).toBe(delivered);
      expect(await unfinishedJobs(id)).toBeGreaterThan(0);

      sink.delayMs = 0;
      await caller.flows.resume({ id });
      await waitForState(id, "running");
      await expect.poll(async () => sink.distinct("orderId").size === 300 && (await unfinishedJobs(id)) === 0, { timeout: 60_000, interval: 200 }).toBe(true);
      expect(sink.deliveries.length).toBe(300);
      expect(await post(id, 301)).toBe(202);
      await caller.flows.stop({ id });
      await waitForState(id, "stopped");
    } finally {
      await sink.close();
    }
  });

  it("a worker restarted while a flow is suspended keeps it suspended: no runners, webhooks 503, messages kept", async () => {
    const sink = await new Sink().start();
    try {
      const { id } = await caller.flows.import({ document: exampleFlow(sink.url, "lifecycle: suspended restart") });
      await caller.flows.start({ id });
      await waitForState(id, "running");
      await caller.flows.suspend({ id });
      await waitForState(id, "suspended");
      await h.restartWorker();
      expect((await caller.flows.status({ id })).state).toBe("suspended");
      expect(await h.redis.hlen(keys.runners(id))).toBe(0);
      expect(await post(id, 1)).toBe(503);
      await caller.flows.resume({ id });
      await waitForState(id, "running");
      expect(await post(id, 2)).toBe(202);
      await expect.poll(() => sink.distinct("orderId").has("order-2")).toBe(true);
      await caller.flows.stop({ id });
      await waitForState(id, "stopped");
    } finally {
      await sink.close();
    }
  });

  it("publishing a new version of a running flow restarts its runners on it; messages sent meanwhile all arrive", async () => {
    const sink = await new Sink().start();
    try {
      const document = exampleFlow(sink.url, "lifecycle: publish while running");
      const { id } = await caller.flows.import({ document });
      await caller.flows.start({ id });
      await waitForState(id, "running");
      const sending = sendAll(300, 10, (i) => post(id, i));
      // version 2 tags every delivery with the version it was delivered by
      const deliver = document.nodes.find((n) => n.id === "deliver");
      const next = {
        ...document,
        nodes: document.nodes.map((n) => (n.id === "deliver" ? { ...n, mapping: `$merge([${deliver?.mapping ?? "$"}, { "version": 2 }])` } : n)),
      };
      await caller.flows.saveDraft({ id, document: next, baseVersion: 1 });
      expect(await caller.flows.publish({ id })).toMatchObject({ version: 2, restarted: true });
      expect((await sending).every((s) => s === 202)).toBe(true);
      await expect.poll(async () => sink.distinct("orderId").size === 300 && (await unfinishedJobs(id)) === 0, { timeout: 60_000, interval: 100 }).toBe(true);
      await expect.poll(async () => {
        const statuses = Object.values(await h.redis.hgetall(keys.runners(id))).map((raw) => (JSON.parse(raw) as RunnerStatus).flowVersion);
        return statuses.length === 3 && statuses.every((v) => v === 2);
      }).toBe(true);
      expect(await post(id, 1000)).toBe(202);
      await expect.poll(() => sink.deliveries.find((d) => d.body.orderId === "order-1000")?.body.version).toBe(2);
      expect((await caller.flows.status({ id })).state).toBe("running");
      await caller.flows.stop({ id });
      await waitForState(id, "stopped");
    } finally {
      await sink.close();
    }
  });
});
