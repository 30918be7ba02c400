// The Docker runtime's figures (when a daemon answers): start → running of a flow whose steps are
// containers, delivered messages/s with the slowest step at 1 and at 3 replicas, and each step
// container's memory. The process worker is stopped first; a worker on the Docker runtime takes over.
import type { ChildProcess } from "node:child_process";
import type { appRouter } from "@interflow/api";
import type { FlowDocument } from "@interflow/flow";
import { LABELS } from "@interflow/runtime";
import autocannon from "autocannon";
import Docker from "dockerode";
import { buildRunnerImage } from "../scripts/docker-images-lib.mjs";

type Caller = ReturnType<typeof appRouter.createCaller>;

export interface DockerFigures {
  image: string;
  startToRunningMs: number[];
  slowestStep: { concurrency: number; sinkDelayMs: number; messages: number; oneReplicaPerSecond: number; threeReplicasPerSecond: number };
  containerMemoryMb: Record<string, { usage: number; peak: number | null; limit: number }>;
}

interface Options {
  caller: Caller;
  doc: FlowDocument;
  hookOf: (flowId: string) => string;
  sink: ChildProcess;
  /** stops the process worker and starts one on the Docker runtime (same Redis and database) */
  switchWorker: (env: Record<string, string>) => Promise<void>;
  waitState: (id: string, state: string) => Promise<number>;
  drain: (accepted: number) => Promise<{ unique: number; firstAt: number; lastAt: number }>;
  installation: string;
}

export async function measureDocker(o: Options): Promise<DockerFigures> {
  const docker = new Docker();
  const { runner: image } = await buildRunnerImage();
  await o.switchWorker({ INTERFLOW_RUNTIME: "docker", INTERFLOW_RUNNER_IMAGE: image, INTERFLOW_DOCKER_INSTALLATION: o.installation });

  const startToRunningMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const { id } = await o.caller.flows.import({ document: { ...o.doc, name: `bench docker: start ${i}` } });
    await o.caller.flows.start({ id });
    startToRunningMs.push(await o.waitState(id, "running"));
    await o.caller.flows.stop({ id });
    await o.waitState(id, "stopped");
  }

  // the slowest step: deliver, one batch at a time per replica, to a target answering in 50 ms
  const concurrency = 1;
  const sinkDelayMs = 50;
  const messages = 3000;
  const slow = structuredClone(o.doc);
  const deliver = slow.nodes.find((n) => n.id === "deliver");
  if (deliver) deliver.concurrency = concurrency;
  const { id } = await o.caller.flows.import({ document: { ...slow, name: "bench docker: replicas" } });
  await o.caller.flows.start({ id });
  await o.waitState(id, "running");
  o.sink.send({ type: "delay", ms: sinkDelayMs });
  const rate = async () => {
    o.sink.send("reset");
    await autocannon({ url: o.hookOf(id), connections: 50, amount: messages, method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: "x", customer: { name: "A", email: "a@b.c" }, items: [] }) });
    const report = await o.drain(messages);
    return Math.round(report.unique / ((report.lastAt - report.firstAt) / 1000));
  };
  const oneReplicaPerSecond = await rate();
  await o.caller.flows.scale({ id, stepId: "deliver", replicas: 3 });
  while ((await o.caller.flows.status({ id })).steps.find((s) => s.id === "deliver")?.replicas.up !== 3) await new Promise((r) => setTimeout(r, 100));
  const threeReplicasPerSecond = await rate();
  o.sink.send({ type: "delay", ms: 0 });

  const containerMemoryMb: DockerFigures["containerMemoryMb"] = {};
  const mb = (bytes: number | undefined) => (bytes === undefined ? null : Math.round(bytes / 1024 / 1024));
  for (const c of await docker.listContainers({ filters: { label: [`${LABELS.installation}=${o.installation}`, `${LABELS.flow}=${id}`] } })) {
    const stats = (await docker.getContainer(c.Id).stats({ stream: false })) as { memory_stats: { usage?: number; max_usage?: number; limit?: number } };
    containerMemoryMb[`${c.Labels[LABELS.step]}.${c.Labels[LABELS.replica]}`] = {
      usage: mb(stats.memory_stats.usage) ?? 0,
      peak: mb(stats.memory_stats.max_usage),
      limit: mb(stats.memory_stats.limit) ?? 0,
    };
  }
  await o.caller.flows.stop({ id });
  await o.waitState(id, "stopped");
  return { image, startToRunningMs, slowestStep: { concurrency, sinkDelayMs, messages, oneReplicaPerSecond, threeReplicasPerSecond }, containerMemoryMb };
}
