// What becomes of messages when runners die, batches fail for good, steps are removed and failures
// are told to an error flow — on real PostgreSQL, Redis and runner processes. Nothing that got 202
// is lost: each is delivered, kept as a failed message, or dropped and recorded.
import { flowQueuePrefix, keys, STEP_JOB } from "@interflow/queue";
import { UnrecoverableError, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, exampleFlow, type Harness, order, postOrder, runningFlow, startHarness, stopFlow, waitForState } from "../testing/harness";
import { Sink, sendAll } from "../testing/sink";

let h: Harness;
let caller: Caller;

beforeAll(async () => {
  h = await startHarness({
    database: "interflow_worker_failures_test",
    redisDb: 13,
    workerEnv: {
      INTERFLOW_RETRY_BASE_DELAY_MS: "100",
      INTERFLOW_IDLE_SECONDS: "3600",
      INTERFLOW_STEP_LOCK_MS: "1000",
      INTERFLOW_FAILED_JOBS_MS: "300",
      INTERFLOW_RESTART_MAX_DELAY_MS: "1000",
    },
  });
  caller = h.caller;
});
afterAll(() => h?.close());

const running = (name: string, sinkUrl: string, extra: Parameters<typeof exampleFlow>[2] = {}) => runningFlow(caller, exampleFlow(sinkUrl, name, extra));
const stop = (id: string) => stopFlow(caller, id);

/** The pid of a step's replica 0 as it reports itself now (it changes when the runner is replaced). */
async function runnerPid(flowId: string, stepId: string): Promise<number | undefined> {
  const raw = await h.redis.hget(keys.runners(flowId), `${stepId}.0`);
  return raw ? (JSON.parse(raw) as { pid: number }).pid : undefined;
}

function kill(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // gone already
  }
}

describe("failed messages", () => {
  it("a poison message that takes its runner down fails alone; the 99 others of its batches are delivered", { timeout: 150_000 }, async () => {
    const sink = await new Sink().start();
    let kills = 0;
    // the poison takes the step's runner down whenever it reaches the target (never answered: it is in hand when it dies)
    sink.statusOf = (d) => {
      if (d.body.orderId !== "order-poison") return 200;
      kills++;
      void runnerPid(id, "deliver").then(kill);
      return 0;
    };
    const id = await running("failures: poison", sink.url);
    try {
      const statuses = await sendAll(100, 25, (i) =>
        i === 50
          ? fetch(`${h.gateway.url}/hook/${id}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...order(i), id: "order-poison" }) }).then((r) => r.status)
          : postOrder(h.gateway.url, id, i),
      );
      expect(statuses.every((s) => s === 202)).toBe(true);
      await expect.poll(async () => (await caller.executions.failed({ id })).total, { timeout: 140_000, interval: 500 }).toBe(1);
      const [poison] = (await caller.executions.failed({ id })).items;
      expect(poison).toMatchObject({ stepId: "deliver", errorKind: "stalled", body: expect.objectContaining({ orderId: "order-poison" }) });
      expect(poison?.error).toMatch(/runner stopped 5 times while working on this message/);
      expect(kills).toBeGreaterThanOrEqual(5);
      // every other message delivered (a message in a killed batch may come twice, with its key)
      await expect.poll(() => sink.distinct("orderId").size, { timeout: 30_000 }).toBe(99);
      expect(new Set(sink.deliveries.map((d) => d.idempotencyKey)).size).toBe(99);
      await expect.poll(async () => (await caller.executions.list({ id, status: ["ok"], limit: 1 })).total, { timeout: 20_000 }).toBe(99);
      expect((await caller.executions.list({ id, status: ["failed"] })).total).toBe(1);
      await stop(id);
    } finally {
      await sink.close();
    }
  });

  // up to 4 × 5 kills, each a runner started again (~2 s of CPU loading its modules). It took minutes
  // (CI ran out of time) while a restarted runner's first job failed a try before it was wired
  // (step-worker.ts): retried with backoff, each message's five stalls were spread over minutes
  it("messages whose runner is killed again and again while it works on them end as failed messages, none lost; retried once it can finish", { timeout: 300_000 }, async () => {
    const sink = await new Sink().start();
    const id = await running("failures: killed again and again", sink.url);
    // whatever the runner sends, it is killed while it waits for the answer
    let killing = true;
    sink.statusOf = () => {
      if (!killing) return 200;
      void runnerPid(id, "deliver").then(kill);
      return 0;
    };
    try {
      const statuses = await sendAll(4, 4, (i) => postOrder(h.gateway.url, id, i + 1));
      expect(statuses.every((s) => s === 202)).toBe(true);
      await expect.poll(async () => (await caller.executions.failed({ id })).total, { timeout: 230_000, interval: 500 }).toBe(4);
      const failed = (await caller.executions.failed({ id })).items;
      expect(failed.every((f) => f.stepId === "deliver" && f.errorKind === "stalled")).toBe(true);
      expect(new Set(failed.map((f) => (f.body as { orderId: string }).orderId))).toEqual(new Set(["order-1", "order-2", "order-3", "order-4"]));
      expect(sink.deliveries).toEqual([]);

      killing = false;
      expect(await caller.executions.retry({ id, all: true })).toMatchObject({ sent: 4 });
      await expect.poll(() => sink.distinct("orderId").size, { timeout: 60_000 }).toBe(4);
      await stop(id);
    } finally {
      await sink.close();
    }
  });

  it("a batch that failed for good (its job in the queue's failed set) becomes failed messages, and leaves the backlog", async () => {
    const sink = await new Sink().start();
    const id = await running("failures: failed batch", sink.url);
    try {
      await caller.flows.suspend({ id });
      await waitForState(caller, id, "suspended");
      const prefix = flowQueuePrefix(id);
      const message = (n: number) => ({
        id: `m-${n}`,
        body: { orderId: `order-${n}` },
        headers: {},
        attachments: [],
        steps: {},
        meta: { flowId: id, flowVersion: 1, executionId: `x-${n}`, stepId: "transform", parentMessageId: `p-${n}`, traceId: `x-${n}`, attempt: 0 },
      });
      const { Queue } = await import("bullmq");
      const queue = new Queue("deliver", { connection: h.redis, prefix });
      await queue.add(STEP_JOB.name, { messages: [message(1), message(2)], bytes: 100 }, { ...STEP_JOB.options, jobId: "doomed" });
      await h.redis.hincrby(keys.backlog(id), "deliver.messages", 2);
      await h.redis.hincrby(keys.backlog(id), "deliver.bytes", 100);
      // a worker of this test takes the job and fails it for good, as a runner does after its last attempt
      const failing = new Worker("deliver", async () => {
        throw new UnrecoverableError("Redis refused the emits");
      }, { connection: h.redis.duplicate(), prefix });
      // the worker's upkeep moves it out of the failed set within a moment
      await expect.poll(async () => (await caller.executions.failed({ id })).total, { timeout: 15_000 }).toBe(2);
      await failing.close();
      const failed = (await caller.executions.failed({ id })).items;
      expect(failed[0]).toMatchObject({ stepId: "deliver", errorKind: "batch-failed", error: expect.stringContaining("Redis refused the emits") });
      expect(await queue.getJobCountByTypes("failed")).toBe(0);
      expect(await h.redis.hmget(keys.backlog(id), "deliver.messages", "deliver.bytes")).toEqual(["0", "0"]);
      await queue.close();
      await stop(id);
    } finally {
      await sink.close();
    }
  });

  it("a new version that removes a step holding messages is refused with the count, or drops them recorded and counted when chosen", async () => {
    const sink = await new Sink().start();
    sink.delayMs = 2_000;
    const id = await running("failures: removed step", sink.url);
    try {
      for (let i = 1; i <= 30; i++) expect(await postOrder(h.gateway.url, id, i)).toBe(202);
      await expect.poll(async () => Number(await h.redis.hget(keys.backlog(id), "deliver.messages")), { timeout: 10_000 }).toBeGreaterThan(5);
      const document = exampleFlow(sink.url, "failures: removed step");
      const withoutDeliver = { ...document, nodes: document.nodes.filter((n) => n.id !== "deliver"), edges: document.edges.filter((e) => e.target !== "deliver") };
      await caller.flows.saveDraft({ id, document: withoutDeliver, samples: {}, baseVersion: 1 });
      await expect(caller.flows.publish({ id })).rejects.toThrow(/dropQueued: step "deliver" holds \d+ queued messages?, and this version removes it/);
      expect((await caller.flows.status({ id })).version).toBe(1);

      await caller.flows.publish({ id, dropQueued: true });
      await expect.poll(async () => (await caller.flows.transitions({ id })).transitions[0]?.event, { timeout: 30_000 }).toBe("redeploy");
      const [redeploy] = (await caller.flows.transitions({ id })).transitions;
      const dropped = Number(/(\d+) messages? of removed step "deliver" dropped/.exec(redeploy?.cause ?? "")?.[1]);
      expect(dropped).toBeGreaterThan(0);
      expect(redeploy).toMatchObject({ from: "running", to: "running" });
      // each dropped message is an execution that says so; with the delivered ones, all 30 are there
      await expect.poll(async () => (await caller.executions.list({ id, status: ["dropped"] })).total, { timeout: 15_000 }).toBe(dropped);
      const [one] = (await caller.executions.list({ id, status: ["dropped"] })).items;
      expect(one).toMatchObject({ errorStep: "deliver", error: "its step was removed in version 2" });
      await expect.poll(async () => (await caller.executions.list({ id })).total, { timeout: 15_000 }).toBe(30);
      await stop(id);
    } finally {
      await sink.close();
    }
  });

  it("a new version that removes the step webhooks go straight to, while they keep coming: each accepted one is delivered or dropped and counted, none left behind", { timeout: 60_000 }, async () => {
    const sink = await new Sink().start();
    const id = await running("failures: removed first step under load", sink.url);
    try {
      // the gateway hands webhooks straight to "transform" (direct entry); the new version removes it
      let sending = true;
      const accepted = new Set<string>();
      const sender = async (lane: number) => {
        for (let i = lane; sending; i += 2) if ((await postOrder(h.gateway.url, id, i)) === 202) accepted.add(`order-${i}`);
      };
      const senders = [sender(0), sender(1)];
      await expect.poll(() => accepted.size, { timeout: 10_000 }).toBeGreaterThan(20);
      const document = exampleFlow(sink.url, "failures: removed first step under load");
      const withoutTransform = {
        ...document,
        nodes: document.nodes.filter((n) => n.id !== "transform"),
        edges: [{ source: "webhook", target: "deliver" }],
      };
      await caller.flows.saveDraft({ id, document: withoutTransform, samples: {}, baseVersion: 1 });
      await caller.flows.publish({ id, dropQueued: true });
      await expect.poll(async () => (await caller.flows.transitions({ id })).transitions[0]?.event, { timeout: 30_000 }).toBe("redeploy");
      const before = accepted.size;
      await expect.poll(() => accepted.size, { timeout: 10_000 }).toBeGreaterThan(before + 20);
      sending = false;
      await Promise.all(senders);

      const { Queue } = await import("bullmq");
      const removed = new Queue("transform", { connection: h.redis, prefix: flowQueuePrefix(id) });
      // nothing written to the removed step's queue after it was emptied
      expect(await removed.getJobCountByTypes("waiting", "delayed", "active", "prioritized")).toBe(0);
      await removed.close();
      const delivered = () => new Set(sink.deliveries.map((d) => String((d.body as { orderId?: string; id?: string }).orderId ?? (d.body as { id?: string }).id)));
      const dropped = async () => (await caller.executions.list({ id, status: ["dropped"] })).total;
      // every accepted message delivered (the first version's or the new one's) or dropped and recorded as such
      await expect.poll(async () => delivered().size + (await dropped()), { timeout: 30_000 }).toBe(accepted.size);
      expect([...delivered()].every((o) => accepted.has(o))).toBe(true);
      await stop(id);
    } finally {
      await sink.close();
    }
  });

  it("each failed message is told to the flow's error flow: which flow and step, the error, a link to the execution and the body", async () => {
    const target = await new Sink().start();
    target.statusOf = () => 404;
    const alerts = await new Sink().start();
    try {
      const errorFlow = await running("failures: the error flow", alerts.url);
      const failing = await running("failures: tells its error flow", target.url, { settings: { errorFlowId: errorFlow } });
      expect(await postOrder(h.gateway.url, failing, 1)).toBe(202);
      await expect.poll(() => alerts.deliveries.length, { timeout: 20_000 }).toBe(1);
      // the error flow's own example mapping takes the notification through its transform
      const [failed] = (await caller.executions.failed({ id: failing })).items;
      await expect.poll(async () => (await caller.executions.list({ id: errorFlow, status: ["ok"] })).total, { timeout: 10_000 }).toBe(1);
      const notification = await caller.executions.list({ id: errorFlow });
      const execution = await caller.executions.get({ executionId: notification.items[0]?.id as string });
      expect(execution.records.find((r) => r.stepId === "webhook")?.input).toEqual({
        flow: { id: failing, name: "failures: tells its error flow" },
        step: "deliver",
        error: expect.stringContaining("answered 404"),
        errorKind: "step-error",
        httpStatus: 404,
        attempts: 1,
        failedAt: expect.any(String),
        messageId: failed?.messageId,
        executionId: failed?.executionId,
        failedMessageId: failed?.id,
        url: expect.stringMatching(new RegExp(`/flows/${failing}/executions/${failed?.executionId}$`)),
        body: expect.objectContaining({ orderId: "order-1" }),
      });
      await Promise.all([stop(failing), stop(errorFlow)]);
    } finally {
      await Promise.all([target.close(), alerts.close()]);
    }
  });
});
