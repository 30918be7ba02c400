// Every step in its own Docker container, on this machine's real dockerd: the example flow deployed as
// labelled containers delivers 1,000 messages; a step scaled from 1 to 3 replicas and back while
// messages flow; `docker kill` of a replica mid-stream loses nothing and shows as a restart; a step
// past its memory limit is reported as out of memory; a worker killed and started again adopts the
// running containers instead of starting duplicates.
import { randomUUID } from "node:crypto";
import { keys } from "@interflow/queue";
import { LABELS, dismantleStepNetwork } from "@interflow/runtime";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRunnerImage } from "../../../scripts/docker-images-lib.mjs";
import { exampleFlow, type Harness, postOrder, startHarness, unfinishedJobs, waitForState, workerEnvOf } from "./testing/harness";
import { Sink, sendAll } from "./testing/sink";
import { buildWorker, WorkerProcess } from "./testing/worker-process";

const docker = new Docker();
const installation = `worker-test-${randomUUID().slice(0, 8)}`;
let h: Harness;
let image: string;
let workerEntry: string;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  [{ runner: image }, workerEntry] = await Promise.all([buildRunnerImage(), buildWorker()]);
  h = await startHarness({ database: "interflow_worker_docker_test", redisDb: 9, inProcessWorker: false });
  launchWorker();
}, 180_000);

afterAll(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  const left = await docker.listContainers({ all: true, filters: { label: [`${LABELS.installation}=${installation}`] } });
  await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  // the worker removes its step network when it stops; one it could not (killed) is removed here
  await dismantleStepNetwork({ installation });
  await h?.close();
});

/** The worker as its own process on the Docker runtime (kill -9 leaves its containers running). */
function launchWorker(): WorkerProcess {
  const worker = new WorkerProcess(
    workerEntry,
    workerEnvOf({
      databaseUrl: h.databaseUrl,
      redisUrl: h.redisUrl,
      ...h.encryptionKeyEnv,
      INTERFLOW_RUNTIME: "docker",
      INTERFLOW_RUNNER_IMAGE: image,
      INTERFLOW_DOCKER_INSTALLATION: installation,
      INTERFLOW_LEASE_TTL_MS: "1500",
      INTERFLOW_IDLE_SECONDS: "3600",
      INTERFLOW_START_TIMEOUT_MS: "15000",
    }),
  );
  workers.push(worker);
  return worker;
}

/** The flow's step containers as Docker lists them: `<step>.<replica>` → container id. */
async function containersOf(flowId: string): Promise<Map<string, string>> {
  const found = await docker.listContainers({ filters: { label: [`${LABELS.installation}=${installation}`, `${LABELS.flow}=${flowId}`] } });
  return new Map(found.map((c) => [`${c.Labels[LABELS.step]}.${c.Labels[LABELS.replica]}`, c.Id]));
}

async function stepView(flowId: string, stepId: string) {
  return (await h.caller.flows.status({ id: flowId })).steps.find((s) => s.id === stepId);
}

/** Every order delivered, each with one idempotency key (a copy of a cut-off request carries the same). */
async function expectAllDelivered(sink: Sink, flowId: string, count: number) {
  await expect.poll(async () => sink.distinct("orderId").size === count && (await unfinishedJobs(h.redis, flowId)) === 0, { timeout: 90_000, interval: 250 }).toBe(true);
  const keysByOrder = new Map<unknown, Set<string>>();
  for (const d of sink.deliveries) keysByOrder.set(d.body.orderId, (keysByOrder.get(d.body.orderId) ?? new Set()).add(d.idempotencyKey));
  expect([...keysByOrder.values()].filter((k) => k.size !== 1)).toEqual([]);
}

describe("the Docker runtime, end to end", () => {
  it("deploys the example flow as one container per step and delivers 1,000 messages, none lost, none duplicated", async () => {
    const sink = await new Sink().start();
    try {
      const { id } = await h.caller.flows.import({ document: exampleFlow(sink.url, "docker: 1000 messages") });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      const containers = await containersOf(id);
      expect([...containers.keys()].sort()).toEqual(["deliver.0", "transform.0", "webhook.0"]);
      const inspected = await docker.getContainer(containers.get("transform.0") as string).inspect();
      expect(inspected.Config.Image).toBe(image);
      expect(inspected.HostConfig).toMatchObject({ Init: true, Memory: 256 * 1024 * 1024, CapDrop: ["ALL"], ReadonlyRootfs: true });
      expect(inspected.Config.Labels).toMatchObject({ [LABELS.version]: "1", [LABELS.step]: "transform", [LABELS.replica]: "0" });

      const statuses = await sendAll(1000, 50, (i) => postOrder(h.gateway.url, id, i));
      expect(statuses.filter((s) => s !== 202)).toEqual([]);
      await expect.poll(() => sink.deliveries.length, { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(1000);
      await new Promise((r) => setTimeout(r, 300));
      expect(sink.deliveries.length).toBe(1000);
      expect(sink.distinct("orderId").size).toBe(1000);

      // what the containers wrote is kept per step and readable through the API
      const logs = await h.caller.flows.logs({ id, stepId: "deliver" });
      expect(logs.lines.some((l) => l.stepId === "deliver" && l.line.includes("step runner consuming"))).toBe(true);

      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
      await expect.poll(async () => (await containersOf(id)).size).toBe(0);
    } finally {
      await sink.close();
    }
  });

  it("scales a step from 1 to 3 replicas and back while messages flow; the other steps run on; nothing lost", async () => {
    const sink = await new Sink().start();
    sink.delayMs = 20;
    try {
      const { id } = await h.caller.flows.import({ document: exampleFlow(sink.url, "docker: scale") });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      const before = await containersOf(id);
      const sending = sendAll(600, 20, (i) => postOrder(h.gateway.url, id, i));
      await expect.poll(() => sink.deliveries.length, { timeout: 30_000, interval: 10 }).toBeGreaterThan(50);

      await h.caller.flows.scale({ id, stepId: "deliver", replicas: 3 });
      await expect.poll(async () => (await stepView(id, "deliver"))?.replicas, { timeout: 30_000 }).toEqual({ wanted: 3, up: 3, scaled: true });
      const scaled = await containersOf(id);
      expect([...scaled.keys()].sort()).toEqual(["deliver.0", "deliver.1", "deliver.2", "transform.0", "webhook.0"]);
      // the others were not restarted
      for (const step of ["webhook.0", "transform.0", "deliver.0"]) expect(scaled.get(step)).toBe(before.get(step));
      // the new replicas take messages too
      await expect.poll(async () => new Set((await h.caller.flows.logs({ id, stepId: "deliver", limit: 2000 })).lines.map((l) => l.replica)).size, { timeout: 30_000 }).toBe(3);

      await h.caller.flows.scale({ id, stepId: "deliver", replicas: 1 });
      await expect.poll(async () => [...(await containersOf(id)).keys()].sort(), { timeout: 30_000 }).toEqual(["deliver.0", "transform.0", "webhook.0"]);
      expect((await sending).filter((s) => s !== 202)).toEqual([]);
      await expectAllDelivered(sink, id, 600);
      expect((await stepView(id, "deliver"))?.replicas).toEqual({ wanted: 1, up: 1, scaled: true });

      // a stopped flow is not scaled: it starts as its document says
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
      await expect(h.caller.flows.scale({ id, stepId: "deliver", replicas: 2 })).rejects.toThrow(/is stopped: scaling changes a running flow/);
      expect((await stepView(id, "deliver"))?.replicas).toEqual({ wanted: 1, up: 0, scaled: false });
    } finally {
      await sink.close();
    }
  });

  it("docker kill of a replica mid-stream: the container is replaced, nothing is lost, the restart shows", async () => {
    const sink = await new Sink().start();
    sink.delayMs = 50; // the http step always has requests in flight when it is killed
    try {
      const { id } = await h.caller.flows.import({ document: exampleFlow(sink.url, "docker: kill") });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      const sending = sendAll(500, 20, (i) => postOrder(h.gateway.url, id, i));
      await expect.poll(() => sink.deliveries.length, { timeout: 30_000, interval: 10 }).toBeGreaterThan(100);
      const killed = (await containersOf(id)).get("deliver.0") as string;
      await docker.getContainer(killed).kill();
      expect((await sending).filter((s) => s !== 202)).toEqual([]);

      await expect.poll(async () => (await containersOf(id)).get("deliver.0"), { timeout: 30_000 }).not.toBe(killed);
      await expectAllDelivered(sink, id, 500);
      expect((await stepView(id, "deliver"))?.restarts).toMatchObject({ count: 1, replica: 0, reason: "killed (SIGKILL)", oomKilled: false });
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      await sink.close();
    }
  });

  it("a step past its memory limit is reported as out of memory, with the limit", async () => {
    const sink = await new Sink().start();
    try {
      const document = exampleFlow(sink.url, "docker: out of memory");
      const deliver = document.nodes.find((n) => n.id === "deliver");
      if (deliver) deliver.resources = { memoryMb: 40 };
      const { id } = await h.caller.flows.import({ document });
      await h.caller.flows.start({ id });
      // the start gives up: starting → stopping (why) → stopped
      const stopCause = async () => (await h.caller.flows.transitions({ id })).transitions.find((t) => t.event === "stop")?.cause;
      await expect.poll(stopCause, { timeout: 60_000 }).toMatch(/^step runners did not come up within 15000 ms: deliver\.0 \(out of memory: killed at its 40 MiB limit\)$/);
      await waitForState(h.caller, id, "stopped");
      expect((await stepView(id, "deliver"))?.restarts).toMatchObject({ reason: "out of memory: killed at its 40 MiB limit", oomKilled: true });
      expect((await stepView(id, "transform"))?.restarts).toBeNull();
      await expect.poll(async () => (await containersOf(id)).size).toBe(0);
    } finally {
      await sink.close();
    }
  });

  it("a worker killed with SIGKILL leaves its containers running; the next one adopts them instead of starting duplicates", async () => {
    const sink = await new Sink().start();
    try {
      const { id } = await h.caller.flows.import({ document: exampleFlow(sink.url, "docker: adopt") });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      const before = await containersOf(id);
      // a stray container of a flow that is not running: the next worker stops it
      const stopped = await h.caller.flows.import({ document: exampleFlow(sink.url, "docker: stray") });

      const [first] = workers.splice(0);
      await first?.kill();
      expect(await containersOf(id)).toEqual(before);
      const stray = await docker.createContainer({
        Image: image,
        Labels: { [LABELS.installation]: installation, [LABELS.flow]: stopped.id, [LABELS.step]: "webhook", [LABELS.replica]: "0", [LABELS.version]: "1", [LABELS.workspace]: h.workspaceId },
        Env: ["REDIS_URL=redis://127.0.0.1:1", `INTERFLOW_FLOW_ID=${stopped.id}`, "INTERFLOW_STEP_ID=webhook"],
        Entrypoint: ["node", "-e", "setInterval(() => {}, 1000)"],
        HostConfig: { Init: true },
      });
      await stray.start();
      // messages sent while no worker runs are taken by the running containers
      expect(await postOrder(h.gateway.url, id, 1)).toBe(202);
      await expect.poll(() => sink.distinct("orderId").has("order-1"), { timeout: 15_000 }).toBe(true);

      const second = launchWorker();
      await expect.poll(() => second.said("worker is the leader"), { timeout: 30_000 }).toBe(true);
      await expect.poll(() => second.said("stopped step runners no flow wants"), { timeout: 30_000 }).toBe(true);
      expect(await containersOf(id)).toEqual(before);
      await expect.poll(async () => (await containersOf(stopped.id)).size, { timeout: 30_000 }).toBe(0);
      expect(await h.redis.hlen(keys.runners(id))).toBe(3);
      expect(await postOrder(h.gateway.url, id, 2)).toBe(202);
      await expect.poll(() => sink.distinct("orderId").has("order-2"), { timeout: 15_000 }).toBe(true);

      // the adopted containers are the new worker's: stop ends them
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
      await expect.poll(async () => (await containersOf(id)).size).toBe(0);
    } finally {
      await sink.close();
    }
  });
});
