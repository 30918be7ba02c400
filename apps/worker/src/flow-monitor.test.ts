// What the leader's monitor does between commands, on real PostgreSQL, Redis and runner processes:
// idle flows sleep and a webhook wakes them; a fast step flooding a slow one's queue suspends the
// flow (or stops it in a limited workspace); a suspended flow's messages expire after retention.
import { randomUUID } from "node:crypto";
import { createApiToken, createWorkspace, recordTransition } from "@interflow/db";
import type { MessageEnvelope } from "@interflow/flow";
import { flowQueuePrefix, keys, STEP_JOB } from "@interflow/queue";
import { Queue } from "bullmq";
import { appRouter, createContext } from "@interflow/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, exampleFlow, type Harness, order, postOrder, startHarness, unfinishedJobs, waitForState } from "./testing/harness";
import { Sink } from "./testing/sink";

let h: Harness;
const IDLE_SECONDS = 1.5;

beforeAll(async () => {
  h = await startHarness({
    database: "interflow_worker_monitor_test",
    redisDb: 4,
    workerEnv: {
      INTERFLOW_IDLE_SECONDS: String(IDLE_SECONDS),
      INTERFLOW_MONITOR_INTERVAL_MS: "100",
      INTERFLOW_RUNNER_CONCURRENCY: "2",
      INTERFLOW_STALLED_AFTER_MS: "2000",
    },
  });
});
afterAll(() => h?.close());

/**
 * Sends orders 0..count-1 the way a well-behaved sender does: a 429 is retried shortly after, a
 * 503 (suspended) is given up and reported. Returns the orders the gateway accepted (202).
 */
async function flood(flowId: string, count: number, concurrency: number): Promise<{ accepted: Set<string>; refused: number }> {
  const accepted = new Set<string>();
  let refused = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        for (;;) {
          const status = await postOrder(h.gateway.url, flowId, i);
          if (status === 202) accepted.add(`order-${i}`);
          else if (status === 429) {
            await new Promise((r) => setTimeout(r, 20));
            continue;
          } else refused++;
          break;
        }
      }
    }),
  );
  return { accepted, refused };
}

/** A webhook message as the gateway builds it. */
function envelopeOf(flowId: string, body: unknown): MessageEnvelope {
  const id = randomUUID();
  return {
    id,
    body,
    headers: { method: "POST" },
    attachments: [],
    steps: {},
    meta: { flowId, flowVersion: 1, executionId: id, stepId: "webhook", parentMessageId: null, traceId: id, attempt: 0 },
  };
}

async function lastTransitions(caller: Caller, id: string) {
  return (await caller.flows.transitions({ id })).transitions.map((t) => ({ step: `${t.from}>${t.to}`, event: t.event, cause: t.cause }));
}

describe("sleeping", () => {
  it("an ordinary flow with nothing to do sleeps (runners stop, queues stay); a webhook wakes it and is delivered", async () => {
    const sink = await new Sink().start();
    try {
      const { id } = await h.caller.flows.import({ document: exampleFlow(sink.url, "monitor: sleeps") });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      expect(await postOrder(h.gateway.url, id, 1)).toBe(202);
      await expect.poll(() => sink.distinct("orderId").has("order-1")).toBe(true);
      await waitForState(h.caller, id, "sleeping", 15_000);
      const [slept] = await lastTransitions(h.caller, id);
      expect(slept).toEqual({ step: "running>sleeping", event: "idle", cause: `no messages for ${IDLE_SECONDS} s` });
      expect(await h.redis.hlen(keys.runners(id))).toBe(0);

      const sent = Date.now();
      expect(await postOrder(h.gateway.url, id, 2)).toBe(202);
      await expect.poll(() => sink.distinct("orderId").has("order-2"), { timeout: 30_000, interval: 20 }).toBe(true);
      console.log(`wake-up: webhook to delivery from a sleeping flow in ${Date.now() - sent} ms`);
      // the runners take the message as soon as they are up; the transition is written right after
      await expect.poll(async () => (await lastTransitions(h.caller, id))[0]).toEqual({ step: "sleeping>running", event: "wake", cause: "woken by a webhook" });
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      await sink.close();
    }
  });

  it("a sleeping flow wakes by itself for a message that reached its queue without a wake (a slow upload)", async () => {
    const sink = await new Sink().start();
    try {
      const { id } = await h.caller.flows.import({ document: exampleFlow(sink.url, "monitor: stray message") });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "sleeping", 15_000);
      // what a webhook does when it passed the gateway's route check before the flow fell asleep
      const hook = new Queue("webhook", { connection: h.redis, prefix: flowQueuePrefix(id) });
      const message = { ...envelopeOf(id, order(5)) };
      await hook.add(STEP_JOB.name, { messages: [message], bytes: 100 }, { ...STEP_JOB.options, jobId: message.id });
      await h.redis.hincrby(keys.backlog(id), "webhook.messages", 1);
      await hook.close();
      await expect.poll(() => sink.distinct("orderId").has("order-5"), { timeout: 30_000, interval: 50 }).toBe(true);
      await expect.poll(async () => (await lastTransitions(h.caller, id))[0]?.cause).toBe("messages waiting in its queues");
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      await sink.close();
    }
  });

  it("a sleeping flow can be stopped, and a realtime flow never sleeps", async () => {
    const sink = await new Sink().start();
    try {
      const ordinary = await h.caller.flows.import({ document: exampleFlow(sink.url, "monitor: stop asleep") });
      const realtime = await h.caller.flows.import({ document: exampleFlow(sink.url, "monitor: realtime", { type: "realtime" }) });
      await h.caller.flows.start({ id: ordinary.id });
      await h.caller.flows.start({ id: realtime.id });
      await waitForState(h.caller, ordinary.id, "sleeping", 15_000);
      expect((await h.caller.flows.status({ id: realtime.id })).state).toBe("running");
      await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000 + 500));
      expect((await h.caller.flows.status({ id: realtime.id })).state).toBe("running");
      await h.caller.flows.stop({ id: ordinary.id });
      await waitForState(h.caller, ordinary.id, "stopped");
      expect(await postOrder(h.gateway.url, ordinary.id, 1)).toBe(404);
      await h.caller.flows.stop({ id: realtime.id });
      await waitForState(h.caller, realtime.id, "stopped");
    } finally {
      await sink.close();
    }
  });
});

describe("queue limits", () => {
  const LIMIT = 30;
  const limited = (sinkUrl: string, name: string) => exampleFlow(sinkUrl, name, { settings: { limits: { messages: LIMIT } } });

  it("a fast step flooding a slow one's queue past its limit suspends the flow; resume delivers every accepted message once", async () => {
    const sink = await new Sink().start();
    sink.delayMs = 400;
    try {
      const { id } = await h.caller.flows.import({ document: limited(sink.url, "monitor: flood suspends") });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      const started = Date.now();
      const { accepted, refused } = await flood(id, 600, 20);
      await waitForState(h.caller, id, "suspended");
      console.log(`suspension under a flood: ${accepted.size} accepted, ${refused} refused with 503, suspended ${Date.now() - started} ms after the flood began`);
      expect(refused).toBeGreaterThan(0);
      const [suspended, suspending] = await lastTransitions(h.caller, id);
      expect(suspending?.step).toBe("running>suspending");
      expect(suspending?.event).toBe("limit-exceeded");
      // the slow deliver's queue, or the transform's before it when the flood outpaces that step too
      expect(suspending?.cause).toMatch(new RegExp(`^the queue of step "(deliver|transform)" holds \\d+ messages, over its limit of ${LIMIT}$`));
      expect(suspended?.cause).toMatch(/messages? kept for resume$/);
      expect(await postOrder(h.gateway.url, id, 9999)).toBe(503);

      sink.delayMs = 0;
      await h.caller.flows.resume({ id });
      await waitForState(h.caller, id, "running");
      await expect.poll(async () => (await unfinishedJobs(h.redis, id)) === 0 && sink.distinct("orderId").size >= accepted.size, { timeout: 60_000, interval: 200 }).toBe(true);
      expect([...sink.distinct("orderId")].sort()).toEqual([...accepted].sort());
      expect(sink.deliveries.length).toBe(accepted.size);
      expect((await h.caller.flows.status({ id })).state).toBe("running");
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      await sink.close();
    }
  });

  it("in a limited workspace the flood stops the flow instead and its messages are dropped", async () => {
    const sink = await new Sink().start();
    sink.delayMs = 400;
    try {
      const workspace = await createWorkspace(h.db, { name: "limited workspace", limited: true });
      const { token } = await createApiToken(h.db, { workspaceId: workspace.id, name: "limited" });
      const caller = appRouter.createCaller(await createContext({ services: h.services, headers: new Headers({ authorization: `Bearer ${token}` }) }));
      const { id } = await caller.flows.import({ document: limited(sink.url, "monitor: limited stops") });
      await caller.flows.start({ id });
      await waitForState(caller, id, "running");
      const { accepted } = await flood(id, 600, 20);
      await waitForState(caller, id, "stopped");
      const [stopped, stopping] = await lastTransitions(caller, id);
      expect(stopping).toMatchObject({ step: "running>stopping", event: "limit-exceeded" });
      const dropped = Number(/(\d+) unprocessed messages? dropped/.exec(stopped?.cause ?? "")?.[1]);
      expect(dropped).toBeGreaterThan(0);
      expect(await postOrder(h.gateway.url, id, 9999)).toBe(404);
      await new Promise((r) => setTimeout(r, 500));
      expect(sink.distinct("orderId").size + dropped).toBeLessThanOrEqual(accepted.size);
      expect(await unfinishedJobs(h.redis, id)).toBe(0);
    } finally {
      await sink.close();
    }
  });
});

describe("suspended flows", () => {
  it("stop drops the kept messages and counts them; the webhook closes", async () => {
    const sink = await new Sink().start();
    sink.delayMs = 3_000;
    try {
      const { id } = await h.caller.flows.import({ document: exampleFlow(sink.url, "monitor: stop suspended") });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      for (let i = 0; i < 30; i++) expect(await postOrder(h.gateway.url, id, i)).toBe(202);
      await h.caller.flows.suspend({ id });
      await waitForState(h.caller, id, "suspended");
      const kept = await unfinishedJobs(h.redis, id);
      expect(kept).toBeGreaterThan(0);
      await expect(h.caller.flows.suspend({ id })).rejects.toMatchObject({ code: "CONFLICT" });
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
      const [stopped, stopping] = await lastTransitions(h.caller, id);
      expect(stopping).toMatchObject({ step: "suspended>stopping", event: "stop" });
      expect(Number(/(\d+) unprocessed messages? dropped/.exec(stopped?.cause ?? "")?.[1])).toBeGreaterThan(0);
      expect(await unfinishedJobs(h.redis, id)).toBe(0);
      expect(await postOrder(h.gateway.url, id, 99)).toBe(404);
    } finally {
      await sink.close();
    }
  });
});

describe("stalled transitions", () => {
  it("a flow left in stopping by a transition that failed (no crash) is stopped by the monitor", async () => {
    const sink = await new Sink().start();
    try {
      const { id } = await h.caller.flows.import({ document: exampleFlow(sink.url, "monitor: stalled stop") });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      // the state moved on, then its work failed: what a Redis error in the middle of a stop leaves
      await recordTransition(h.db, { flowId: id, from: "running", to: "stopping", event: "stop", cause: "test: stop whose teardown failed" });
      await waitForState(h.caller, id, "stopped", 20_000);
      expect(await h.redis.hlen(keys.runners(id))).toBe(0);
      expect(await postOrder(h.gateway.url, id, 1)).toBe(404);
    } finally {
      await sink.close();
    }
  });
});

describe("retention", () => {
  it("drops and counts a suspended flow's kept messages after the retention period; it stays suspended", async () => {
    const sink = await new Sink().start();
    sink.delayMs = 3_000;
    try {
      const { id } = await h.caller.flows.import({ document: exampleFlow(sink.url, "monitor: retention") });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      for (let i = 0; i < 40; i++) expect(await postOrder(h.gateway.url, id, i)).toBe(202);
      await h.caller.flows.suspend({ id });
      await waitForState(h.caller, id, "suspended");
      expect(await unfinishedJobs(h.redis, id)).toBeGreaterThan(0);
      await h.restartWorker({ INTERFLOW_RETENTION_SECONDS: "1" });
      await expect.poll(() => unfinishedJobs(h.redis, id), { timeout: 15_000, interval: 100 }).toBe(0);
      expect(Number(await h.redis.hget(keys.stats(id), "retention.dropped"))).toBeGreaterThan(0);
      expect((await h.caller.flows.status({ id })).state).toBe("suspended");
      await h.restartWorker();
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      await sink.close();
    }
  });
});
