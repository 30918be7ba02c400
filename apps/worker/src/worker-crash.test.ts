// kill -9 of the worker process at any point, and a second worker started by mistake: on restart
// every flow reaches the stable state of its transition, no runner is left behind, nothing is lost.
import { keys } from "@interflow/queue";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { exampleFlow, type Harness, order, postOrder, startHarness, unfinishedJobs, waitForState, workerEnvOf } from "./testing/harness";
import { Sink } from "./testing/sink";
import { buildWorker, runnerProcessesOf, WorkerProcess } from "./testing/worker-process";

let h: Harness;
let entry: string;
const workers: WorkerProcess[] = [];
const LEASE_TTL_MS = 1_500;

beforeAll(async () => {
  [h, entry] = await Promise.all([startHarness({ database: "interflow_worker_crash_test", redisDb: 5, inProcessWorker: false }), buildWorker()]);
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});
afterAll(() => h?.close());

function launch(): WorkerProcess {
  const worker = new WorkerProcess(
    entry,
    workerEnvOf({ databaseUrl: h.databaseUrl, redisUrl: h.redisUrl, INTERFLOW_LEASE_TTL_MS: String(LEASE_TTL_MS), INTERFLOW_IDLE_SECONDS: "3600" }),
  );
  workers.push(worker);
  return worker;
}

async function stateOf(id: string): Promise<string> {
  return (await h.caller.flows.status({ id })).state;
}

/** Polls fast until the flow is in `state`, then kills the worker at once. */
async function killWhen(worker: WorkerProcess, id: string, state: string): Promise<void> {
  await expect.poll(() => stateOf(id), { timeout: 30_000, interval: 5 }).toBe(state);
  await worker.kill();
}

describe("the worker killed with SIGKILL mid-transition", () => {
  it("in starting: the next worker finishes the start; one set of runners, the flow delivers", async () => {
    const sink = await new Sink().start();
    try {
      const first = launch();
      const { id } = await h.caller.flows.import({ document: exampleFlow(sink.url, "crash: starting") });
      await h.caller.flows.start({ id });
      await killWhen(first, id, "starting");
      expect(await stateOf(id)).toBe("starting");
      // runners of the dead worker notice their parent is gone and leave
      await expect.poll(() => runnerProcessesOf(id).length, { timeout: 15_000 }).toBe(0);

      launch();
      await waitForState(h.caller, id, "running");
      expect(runnerProcessesOf(id)).toHaveLength(3);
      expect(await postOrder(h.gateway.url, id, 1)).toBe(202);
      await expect.poll(() => sink.distinct("orderId").has("order-1")).toBe(true);
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
      await expect.poll(() => runnerProcessesOf(id).length).toBe(0);
    } finally {
      await sink.close();
    }
  });

  it("in stopping: the next worker finishes the stop; no runner is left, the webhook is closed", async () => {
    const sink = await new Sink().start();
    sink.delayMs = 3_000; // the runners take their time to stop: the worker dies while they do
    try {
      const first = launch();
      const { id } = await h.caller.flows.import({ document: exampleFlow(sink.url, "crash: stopping") });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      for (let i = 0; i < 20; i++) expect(await postOrder(h.gateway.url, id, i)).toBe(202);
      await expect.poll(() => sink.deliveries.length).toBeGreaterThan(0);
      await h.caller.flows.stop({ id });
      await killWhen(first, id, "stopping");

      launch();
      await waitForState(h.caller, id, "stopped");
      await expect.poll(() => runnerProcessesOf(id).length, { timeout: 15_000 }).toBe(0);
      expect(await h.redis.hlen(keys.runners(id))).toBe(0);
      expect(await unfinishedJobs(h.redis, id)).toBe(0);
      expect(await postOrder(h.gateway.url, id, 99)).toBe(404);
    } finally {
      await sink.close();
    }
  });

  it("in suspending: the next worker finishes the suspension, keeps the messages, and resume delivers each once", async () => {
    const sink = await new Sink().start();
    sink.delayMs = 2_000;
    try {
      const first = launch();
      const { id } = await h.caller.flows.import({ document: exampleFlow(sink.url, "crash: suspending") });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      for (let i = 0; i < 60; i++) expect(await postOrder(h.gateway.url, id, i)).toBe(202);
      await expect.poll(() => sink.deliveries.length).toBeGreaterThan(0);
      await h.caller.flows.suspend({ id });
      await killWhen(first, id, "suspending");

      launch();
      await waitForState(h.caller, id, "suspended");
      await expect.poll(() => runnerProcessesOf(id).length, { timeout: 15_000 }).toBe(0);
      expect(await postOrder(h.gateway.url, id, 99)).toBe(503);
      sink.delayMs = 0;
      await h.caller.flows.resume({ id });
      await waitForState(h.caller, id, "running");
      await expect.poll(async () => sink.distinct("orderId").size === 60 && (await unfinishedJobs(h.redis, id)) === 0, { timeout: 60_000, interval: 200 }).toBe(true);
      // requests cut off by the kill are sent again with their Idempotency-Key: no order is missing
      const keysByOrder = new Map<unknown, Set<string>>();
      for (const d of sink.deliveries) keysByOrder.set(d.body.orderId, (keysByOrder.get(d.body.orderId) ?? new Set()).add(d.idempotencyKey));
      expect([...keysByOrder.values()].filter((k) => k.size !== 1)).toEqual([]);
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      await sink.close();
    }
  });
});

describe("the worker's terminal closed (SIGHUP, as when npm start's window is shut)", () => {
  it("stops as for Ctrl-C: its runners are stopped, none is left behind", async () => {
    const sink = await new Sink().start();
    try {
      const worker = launch();
      const { id } = await h.caller.flows.import({ document: exampleFlow(sink.url, "hangup") });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      expect(runnerProcessesOf(id)).toHaveLength(3);
      expect(await worker.signal("SIGHUP")).toEqual({ code: 0, signal: null });
      expect(worker.said('"signal":"SIGHUP"')).toBe(true);
      expect(runnerProcessesOf(id)).toEqual([]);
    } finally {
      await sink.close();
    }
  });
});

describe("a second worker", () => {
  it("started by mistake waits without acting; it takes over only when the leader dies", async () => {
    const sink = await new Sink().start();
    try {
      const leader = launch();
      await expect.poll(() => leader.said("worker is the leader"), { timeout: 15_000 }).toBe(true);
      const second = launch();
      await expect.poll(() => second.said("another worker holds the leader lease"), { timeout: 15_000 }).toBe(true);
      const { id } = await h.caller.flows.import({ document: exampleFlow(sink.url, "crash: one leader") });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      expect(runnerProcessesOf(id)).toHaveLength(3);
      expect(second.said("flow state changed")).toBe(false);

      await leader.kill();
      await expect.poll(() => second.said("worker is the leader"), { timeout: 15_000 }).toBe(true);
      // the new leader adopts the running flow: its runners come back under it, once
      await expect.poll(() => runnerProcessesOf(id).length, { timeout: 30_000 }).toBe(3);
      expect(await postOrder(h.gateway.url, id, 7)).toBe(202);
      await expect.poll(() => sink.distinct("orderId").has("order-7"), { timeout: 30_000 }).toBe(true);
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      await sink.close();
    }
  });

  it("runs the designer's step tests while it waits for the lease: every worker process does", async () => {
    const sink = await new Sink().start();
    // another worker holds the lease for the whole test
    await h.redis.set(keys.workerLease, "another worker", "PX", 60_000);
    try {
      const waiting = launch();
      await expect.poll(() => waiting.said("another worker holds the leader lease"), { timeout: 15_000 }).toBe(true);
      const document = exampleFlow(sink.url, "crash: step tests");
      const { id } = await h.caller.flows.import({ document });
      const takenAt = new Date().toISOString();
      const result = await h.caller.samples.runStep({
        id,
        document,
        stepId: "deliver",
        samples: {
          webhook: { body: order(5), headers: { method: "POST" }, source: "webhook", takenAt },
          transform: { body: { orderId: "order-5", total: 11 }, headers: {}, source: "run", takenAt },
        },
      });
      expect(result).toMatchObject({ ok: true, emitted: 1, sample: { source: "run", body: { status: 200, body: { ok: true } } } });
      expect(sink.deliveries.map((d) => d.body)).toEqual([{ orderId: "order-5", total: 11, source: "shop" }]);
      // it ran the test only: the flow stays stopped, no runner was started
      expect(await stateOf(id)).toBe("stopped");
      expect(runnerProcessesOf(id)).toEqual([]);
      expect(waiting.said("worker is the leader")).toBe(false);
    } finally {
      await h.redis.del(keys.workerLease);
      await sink.close();
    }
  });
});
