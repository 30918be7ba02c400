// Executions and failed messages end to end on real PostgreSQL, Redis and runner processes: every
// step's input and output recorded; a target that is down fills the failed messages (with body and
// error) and makes the flow failing; retry all, edit and retry, replay from the middle step on a
// new version — each delivered again with its original Idempotency-Key.
import type { FlowDocument } from "@interflow/flow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, exampleFlow, type Harness, order, postOrder, runningFlow, startHarness, stopFlow, waitForState } from "../testing/harness";
import { ContactsApi, pollingFlow } from "../testing/contacts-api";
import { Sink } from "../testing/sink";

let h: Harness;
let caller: Caller;

beforeAll(async () => {
  h = await startHarness({
    database: "interflow_worker_executions_test",
    redisDb: 8,
    workerEnv: { INTERFLOW_RETRY_BASE_DELAY_MS: "100", INTERFLOW_IDLE_SECONDS: "3600" },
  });
  caller = h.caller;
});
afterAll(() => h?.close());

const running = (document: FlowDocument) => runningFlow(caller, document);
const stop = (id: string) => stopFlow(caller, id);

const okExecutions = async (id: string) => (await caller.executions.list({ id, status: ["ok"], limit: 500 })).total;

describe("executions", () => {
  it("record every message that entered the flow, each step's input and output, newest first", async () => {
    const sink = await new Sink().start();
    try {
      const id = await running(exampleFlow(sink.url, "executions: recorded"));
      const accepted: string[] = [];
      for (let i = 1; i <= 5; i++) {
        const res = await fetch(`${h.gateway.url}/hook/${id}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(order(i)) });
        expect(res.status).toBe(202);
        accepted.push(((await res.json()) as { messageId: string }).messageId);
      }
      await expect.poll(() => okExecutions(id), { timeout: 20_000 }).toBe(5);
      const page = await caller.executions.list({ id, limit: 3 });
      expect(page.total).toBe(5);
      expect(page.more).toBe(true);
      // the id a webhook's 202 names is the execution's
      expect(new Set((await caller.executions.list({ id, limit: 10 })).items.map((e) => e.id))).toEqual(new Set(accepted));
      const found = await caller.executions.list({ id, messageId: accepted[2] as string });
      expect(found.items.map((e) => e.id)).toEqual([accepted[2]]);

      const execution = await caller.executions.get({ executionId: accepted[2] as string });
      expect(execution).toMatchObject({ status: "ok", steps: 3, pending: 0, flowName: "executions: recorded" });
      const byStep = Object.fromEntries(execution.records.map((r) => [r.stepId, r]));
      expect(execution.records.map((r) => r.stepId)).toEqual(["webhook", "transform", "deliver"]);
      expect(byStep.webhook?.input).toEqual(order(3));
      expect(byStep.webhook?.inputHeaders).toMatchObject({ method: "POST", headers: { "content-type": "application/json" } });
      expect(byStep.transform?.output).toEqual([{ orderId: "order-3", customer: "Customer 3", email: "c3@example.org", total: 9, items: 2, receivedVia: "POST" }]);
      // the deliver step's input before its mapping, and the target's answer as its output
      expect(byStep.deliver?.input).toEqual({ orderId: "order-3", customer: "Customer 3", email: "c3@example.org", total: 9, items: 2, receivedVia: "POST" });
      expect(byStep.deliver?.output).toEqual([expect.objectContaining({ status: 200, body: { ok: true } })]);
      expect(byStep.deliver?.parentMessageId).toBe(byStep.transform?.messageId);
      await stop(id);
    } finally {
      await sink.close();
    }
  });

  it("a target that is down: every message kept as failed with its body and error, the flow failing; back up, retry all delivers each once more with its key", async () => {
    const sink = await new Sink().start();
    let down = true;
    const refusedKeys = new Map<string, string>();
    sink.statusOf = (d) => {
      if (!down) return 200;
      refusedKeys.set(String(d.body.orderId), d.idempotencyKey);
      return 503;
    };
    try {
      const id = await running(exampleFlow(sink.url, "executions: target down"));
      for (let i = 1; i <= 4; i++) expect(await postOrder(h.gateway.url, id, i)).toBe(202);
      await expect.poll(async () => (await caller.executions.failed({ id })).total, { timeout: 30_000 }).toBe(4);
      const failed = await caller.executions.failed({ id });
      expect(failed.items.map((f) => f.stepId)).toEqual(["deliver", "deliver", "deliver", "deliver"]);
      expect(failed.items[0]).toMatchObject({ attempts: 5, errorKind: "retryable", httpStatus: 503, error: expect.stringContaining("answered 503") });
      expect(new Set(failed.items.map((f) => (f.body as { orderId: string }).orderId))).toEqual(new Set(["order-1", "order-2", "order-3", "order-4"]));
      const status = await caller.flows.status({ id });
      expect(status).toMatchObject({ health: "failing", failedMessages: 4 });
      expect(status.failingSteps.map((s) => s.stepId)).toEqual(["deliver"]);
      expect((await caller.executions.list({ id, status: ["failed"] })).total).toBe(4);

      down = false;
      const retried = await caller.executions.retry({ id, all: true });
      expect(retried).toMatchObject({ sent: 4, skipped: [] });
      await expect.poll(() => sink.deliveries.length, { timeout: 20_000 }).toBe(4);
      await new Promise((r) => setTimeout(r, 500));
      expect(sink.deliveries.length).toBe(4);
      // each delivered once, with the key its refused tries carried
      for (const d of sink.deliveries) expect(d.idempotencyKey).toBe(refusedKeys.get(String(d.body.orderId)));
      expect((await caller.executions.failed({ id })).total).toBe(0);
      const all = await caller.executions.failed({ id, status: ["retried"] });
      expect(all.items.every((f) => f.retriedAs !== null && retried.executions.includes(f.retriedAs))).toBe(true);
      // the retries are executions of their own, linked to the ones they came from
      await expect.poll(async () => (await caller.executions.list({ id, status: ["ok"] })).items.filter((e) => e.replayOf !== null).length, { timeout: 10_000 }).toBe(4);
      // nothing more to retry
      expect(await caller.executions.retry({ id, all: true })).toMatchObject({ sent: 0 });
      await stop(id);
    } finally {
      await sink.close();
    }
  });

  it("edit and retry: the edited body is delivered once, with the original key", async () => {
    const sink = await new Sink().start();
    sink.statusOf = (d) => (d.body.customer === "Nobody" ? 422 : 200);
    try {
      const id = await running(exampleFlow(sink.url, "executions: edit and retry"));
      await fetch(`${h.gateway.url}/hook/${id}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...order(9), customer: { name: "Nobody", email: "NOBODY@EXAMPLE.ORG" } }),
      });
      await expect.poll(async () => (await caller.executions.failed({ id })).total, { timeout: 20_000 }).toBe(1);
      const [failed] = (await caller.executions.failed({ id })).items;
      expect(failed).toMatchObject({ stepId: "deliver", attempts: 1, httpStatus: 422 });
      const body = { ...(failed?.body as Record<string, unknown>), customer: "Ada" };
      expect(await caller.executions.retry({ id, messages: [failed?.id as string], body })).toMatchObject({ sent: 1 });
      await expect.poll(() => sink.deliveries.length, { timeout: 20_000 }).toBe(1);
      expect(sink.deliveries[0]?.body).toMatchObject({ orderId: "order-9", customer: "Ada" });
      expect(sink.deliveries[0]?.idempotencyKey).toBe(failed?.messageId);
      await stop(id);
    } finally {
      await sink.close();
    }
  });

  it("replays a time range of executions from the middle step on a new version, each delivered again with its original key", async () => {
    const sink = await new Sink().start();
    try {
      const document = exampleFlow(sink.url, "executions: replay");
      const id = await running(document);
      const from = new Date(Date.now() - 1_000).toISOString();
      for (let i = 1; i <= 3; i++) expect(await postOrder(h.gateway.url, id, i)).toBe(202);
      await expect.poll(() => okExecutions(id), { timeout: 20_000 }).toBe(3);
      const to = new Date(Date.now() + 1_000).toISOString();
      const firstKeys = new Map(sink.deliveries.map((d) => [String(d.body.orderId), d.idempotencyKey]));

      // version 2: the transform names the customer differently
      const transform = document.nodes.find((n) => n.id === "transform");
      const expression = String(transform?.config.expression).replace('"customer": customer.name', '"customer": $uppercase(customer.name)');
      const v2 = { ...document, nodes: document.nodes.map((n) => (n.id === "transform" ? { ...n, config: { expression } } : n)) };
      await caller.flows.saveDraft({ id, document: v2, samples: {}, baseVersion: 1 });
      await caller.flows.publish({ id });
      await expect.poll(async () => (await caller.flows.transitions({ id })).transitions[0]?.event, { timeout: 20_000 }).toBe("redeploy");
      await waitForState(caller, id, "running");

      await expect(caller.executions.replay({ id, from, to, fromStep: "transform", version: 1 })).rejects.toThrow(/version: flow "executions: replay" runs version 2/);
      const replayed = await caller.executions.replay({ id, from, to, fromStep: "transform", version: 2 });
      expect(replayed).toMatchObject({ sent: 3, skipped: [] });
      await expect.poll(() => sink.deliveries.length, { timeout: 20_000 }).toBe(6);
      const again = sink.deliveries.slice(3);
      expect(new Set(again.map((d) => d.body.customer))).toEqual(new Set(["CUSTOMER 1", "CUSTOMER 2", "CUSTOMER 3"]));
      // from the middle step: the webhook's output (the $steps of the mapping) is as it was
      expect(again.every((d) => d.body.source === "shop" && d.body.receivedVia === "POST")).toBe(true);
      for (const d of again) expect(d.idempotencyKey).toBe(firstKeys.get(String(d.body.orderId)));
      const replays = (await caller.executions.list({ id, limit: 20 })).items.filter((e) => e.replayOf !== null);
      await expect.poll(async () => (await caller.executions.list({ id, status: ["ok"], limit: 20 })).items.filter((e) => e.replayOf !== null).length).toBe(3);
      expect(replays.every((e) => e.flowVersion === 2)).toBe(true);
      await stop(id);
    } finally {
      await sink.close();
    }
  });

  it('keeps only executions with a failure with executions "errors", none with "none" — failed messages always', async () => {
    const sink = await new Sink().start();
    const tried = new Map<string, number>();
    sink.statusOf = (d) => {
      const orderId = String(d.body.orderId);
      tried.set(orderId, (tried.get(orderId) ?? 0) + 1);
      if (orderId === "order-2") return 400;
      // order-3 fails once, then goes through
      return orderId === "order-3" && (tried.get(orderId) ?? 0) === 1 ? 503 : 200;
    };
    try {
      const errorsOnly = await running(exampleFlow(sink.url, "executions: errors only", { settings: { executions: "errors" } }));
      const none = await running(exampleFlow(sink.url, "executions: none", { settings: { executions: "none" } }));
      for (let i = 1; i <= 3; i++) expect(await postOrder(h.gateway.url, errorsOnly, i)).toBe(202);
      await expect.poll(async () => (await caller.executions.list({ id: errorsOnly })).total, { timeout: 20_000 }).toBe(2);
      await expect.poll(() => sink.distinct("orderId").size, { timeout: 20_000 }).toBe(2);
      // the failed one: the try that failed, with its input and what the target answered
      const [failedExecution] = (await caller.executions.list({ id: errorsOnly, status: ["failed"] })).items;
      const kept = await caller.executions.get({ executionId: failedExecution?.id as string });
      expect(kept.records.map((r) => `${r.stepId}:${r.status}`)).toEqual(["deliver:failed"]);
      expect(kept.records[0]).toMatchObject({ input: expect.objectContaining({ orderId: "order-2" }), output: expect.objectContaining({ status: 400 }) });
      // the one that failed once and then went through: both tries
      await expect.poll(async () => (await caller.executions.list({ id: errorsOnly, status: ["ok"] })).total, { timeout: 10_000 }).toBe(1);
      const [recovered] = (await caller.executions.list({ id: errorsOnly, status: ["ok"] })).items;
      const tries = await caller.executions.get({ executionId: recovered?.id as string });
      expect(tries.records.map((r) => `${r.stepId}:${r.status}:${r.attempt}`)).toEqual(["deliver:retrying:0", "deliver:ok:1"]);
      expect(tries.records[0]?.input).toMatchObject({ orderId: "order-3" });
      // order-1 went through at once: not kept (it counts in the flow's stats)
      expect((await caller.executions.list({ id: errorsOnly })).total).toBe(2);

      for (let i = 1; i <= 2; i++) expect(await postOrder(h.gateway.url, none, i)).toBe(202);
      await expect.poll(async () => (await caller.executions.failed({ id: none })).total, { timeout: 20_000 }).toBe(1);
      expect((await caller.executions.failed({ id: none })).items[0]?.body).toMatchObject({ orderId: "order-2" });
      expect((await caller.executions.list({ id: none })).total).toBe(0);
      await Promise.all([stop(errorsOnly), stop(none)]);
    } finally {
      await sink.close();
    }
  });

  it("a poll run's records are executions of their own, started by the trigger that polled them", async () => {
    const api = await new ContactsApi().start();
    const sink = await new Sink().start();
    try {
      api.put(1, "Ada");
      api.put(2, "Grace");
      const { id } = await caller.flows.import({ document: pollingFlow(api, sink, "executions: polled") });
      await caller.flows.start({ id });
      await waitForState(caller, id, "running");
      await caller.flows.runNow({ id });
      await expect.poll(() => okExecutions(id), { timeout: 20_000 }).toBe(2);
      const [first] = (await caller.executions.list({ id })).items;
      const execution = await caller.executions.get({ executionId: first?.id as string });
      expect(execution.records.map((r) => r.stepId)).toEqual(["contacts", "deliver"]);
      const [poll, deliver] = execution.records;
      expect(poll?.input).toBeNull();
      expect(deliver?.input).toEqual(poll?.output && (poll.output as unknown[])[0]);
      expect(deliver?.input).toMatchObject({ name: expect.stringMatching(/Ada|Grace/) });
      await stop(id);
    } finally {
      await Promise.all([api.close(), sink.close()]);
    }
  });

  it("a message fanned out to two steps is one execution, over when both branches are", async () => {
    const first = await new Sink().start();
    const second = await new Sink().start();
    second.delayMs = 300;
    try {
      const document = exampleFlow(first.url, "executions: fan-out");
      const deliver = document.nodes.find((n) => n.id === "deliver");
      const both: FlowDocument = {
        ...document,
        nodes: [...document.nodes, { ...(deliver as (typeof document.nodes)[number]), id: "archive", config: { method: "POST", url: `${second.url}/archive` }, position: { x: 560, y: 160 } }],
        edges: [...document.edges, { source: "transform", target: "archive" }],
      };
      const id = await running(both);
      expect(await postOrder(h.gateway.url, id, 1)).toBe(202);
      await expect.poll(() => okExecutions(id), { timeout: 20_000 }).toBe(1);
      expect(first.deliveries.length + second.deliveries.length).toBe(2);
      const [only] = (await caller.executions.list({ id })).items;
      expect(only).toMatchObject({ status: "ok", steps: 4, pending: 0 });
      const execution = await caller.executions.get({ executionId: only?.id as string });
      const transform = execution.records.find((r) => r.stepId === "transform");
      // both branches hang off the transform's one output
      expect(execution.records.filter((r) => r.parentMessageId === transform?.messageId).map((r) => r.stepId).sort()).toEqual(["archive", "deliver"]);
      await stop(id);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
