// `npm run bench`: the example flow (webhook → transform → http) on real Redis and runner
// processes, at full speed (50 concurrent senders) and at a fixed 100 msg/s. Prints delivered
// messages/s, webhook-to-sink latency p50/p99, messages lost, and the peak RSS of every process.
import { type ChildProcess, fork, spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { appRouter, closeApiServices, createApiServices, createContext } from "@interflow/api";
import { applyMigrations, createApiToken, createDb, createWorkspace } from "@interflow/db";
import type { FlowDocument } from "@interflow/flow";
import { createRedis, keys } from "@interflow/queue";
import autocannon from "autocannon";
// @ts-expect-error plain ESM module without types
import { dockerAnswers, ensurePostgres, ensureRedis, recreateDatabase } from "../scripts/services.mjs";
import { type DockerFigures, measureDocker } from "./docker";
import { benchOrder, measureExecutionStorage, type StorageFigures } from "./executions-storage";
import { childPids, cpuSeconds, machineCpu, postgresCpuSeconds, stealPercent } from "./process-cpu";
import { availableParallelism } from "node:os";
import { measurePolling, type PollingFigures } from "./polling";
import { measureRedisKill, type RedisKillFigures } from "./redis-kill";

const root = path.resolve(import.meta.dirname, "..");
const dataDir = path.join(root, ".data", "bench");
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
// the fixed 100 msg/s phase alone may run longer (e.g. to profile what one message a job costs)
const fixedSeconds = Number(process.env.BENCH_FIXED_SECONDS ?? seconds);
const gatewayPort = 3201;

const record = benchOrder("ord-100234");

function peakRss(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) / 1024;
  } catch {
    return undefined;
  }
}
function resetPeak(pid: number) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
  } catch {}
}

function launch(name: string, file: string, env: Record<string, string>): ChildProcess {
  // BENCH_NODE_ARGS: node's options for the gateway and the worker (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"; runners: INTERFLOW_RUNNER_NODE_OPTIONS)
  const args = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...args, file], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stderr?.on("data", (c: Buffer) => process.stderr.write(`[${name}] ${c}`));
  child.stdout?.on("data", (c: Buffer) => {
    const text = c.toString();
    if (text.includes('"level":"error"')) process.stderr.write(`[${name}] ${text}`);
  });
  return child;
}

interface SinkReport {
  deliveries: number;
  unique: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
  firstAt: number;
  lastAt: number;
}

function ask<T>(child: ChildProcess, message: string, type: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (m: { type: string }) => {
      if (m.type === type) {
        child.off("message", onMessage);
        resolve(m as T);
      }
    };
    child.on("message", onMessage);
    child.send(message);
  });
}

async function drain(sink: ChildProcess, accepted: number, timeoutMs = 120_000): Promise<SinkReport> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let still = Date.now();
  for (;;) {
    const report = await ask<SinkReport>(sink, "report", "report");
    if (report.unique >= accepted || Date.now() > deadline) return report;
    if (report.deliveries !== last) {
      last = report.deliveries;
      still = Date.now();
    } else if (Date.now() - still > 15_000) return report;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** accepted messages that never reached the sink */
async function lostOf(sink: ChildProcess, accepted: Set<number>): Promise<number> {
  const { seqs } = await ask<{ seqs: number[] }>(sink, "seqs", "seqs");
  const delivered = new Set(seqs);
  let lost = 0;
  for (const s of accepted) if (!delivered.has(s)) lost++;
  return lost;
}

async function fixedRate(url: string, rate: number, durationS: number): Promise<{ sent: number; accepted: Set<number> }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const total = rate * durationS;
  const start = performance.now();
  const accepted = new Set<number>();
  const inflight: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const body = JSON.stringify({ ...record, seq: i, sentAt: Date.now() });
    inflight.push(
      new Promise<void>((resolve) => {
        const req = http.request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
          if (res.statusCode === 202) accepted.add(i);
          res.resume();
          res.on("end", resolve);
        });
        req.on("error", () => resolve());
        req.end(body);
      }),
    );
  }
  await Promise.all(inflight);
  agent.destroy();
  return { sent: total, accepted };
}

type Caller = ReturnType<typeof appRouter.createCaller>;

interface Lifecycle {
  startToRunningMs: number[];
  wakeToDeliveredMs: number[];
  suspend: { limit: number; sinkDelayMs: number; accepted: number; refused503: number; msFromFloodToSuspended: number };
}

async function waitState(caller: Caller, id: string, state: string, timeoutMs = 120_000): Promise<number> {
  const since = Date.now();
  while ((await caller.flows.status({ id })).state !== state) {
    if (Date.now() - since > timeoutMs) throw new Error(`flow ${id} did not reach ${state} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - since;
}

/** How long the flow's state changes take, measured on fresh flows beside the main one. */
async function measureLifecycle(p: { caller: Caller; doc: FlowDocument; hookOf: (flowId: string) => string; sink: ChildProcess }): Promise<Lifecycle> {
  const { caller, doc, sink } = p;
  const startToRunningMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const { id } = await caller.flows.import({ document: { ...doc, name: `bench: start ${i}` } });
    await caller.flows.start({ id });
    startToRunningMs.push(await waitState(caller, id, "running"));
    await caller.flows.stop({ id });
    await waitState(caller, id, "stopped");
  }

  // the shortest idle period a flow may set; the worker looks every second
  const sleepy = await caller.flows.import({ document: { ...doc, name: "bench: wake-up", settings: { idleSeconds: 10 } } });
  await caller.flows.start({ id: sleepy.id });
  const wakeToDeliveredMs: number[] = [];
  for (let i = 0; i < 2; i++) {
    await waitState(caller, sleepy.id, "sleeping", 60_000);
    sink.send("reset");
    const sentAt = Date.now();
    const res = await fetch(p.hookOf(sleepy.id), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...record, seq: i, sentAt }) });
    if (res.status !== 202) throw new Error(`webhook to the sleeping flow answered ${res.status}`);
    const report = await drain(sink, 1, 60_000);
    wakeToDeliveredMs.push(report.lastAt - sentAt);
    // the runners take the message before the wake is recorded: let it be, so the next look sees a new sleep
    await waitState(caller, sleepy.id, "running", 60_000);
  }
  await caller.flows.stop({ id: sleepy.id });
  await waitState(caller, sleepy.id, "stopped");

  // a fast transform feeding a slow target: the deliver queue grows past its limit
  const limit = 2000;
  const sinkDelayMs = 200;
  // one batch at a time at the target (a batch's messages go out together): ≤ 100 per 200 ms, well
  // under what the gateway accepts, so the deliver queue grows (with the default 50 batches at once
  // it kept up, and the flood suspended nothing)
  const floodDoc = { ...doc, nodes: doc.nodes.map((n) => (n.id === "deliver" ? { ...n, concurrency: 1 } : n)) };
  const flooded = await caller.flows.import({ document: { ...floodDoc, name: "bench: flood", settings: { limits: { messages: limit } } } });
  await caller.flows.start({ id: flooded.id });
  await waitState(caller, flooded.id, "running");
  sink.send({ type: "delay", ms: sinkDelayMs });
  const floodStart = Date.now();
  let suspendedAt = 0;
  const watching = (async () => {
    await waitState(caller, flooded.id, "suspended", 60_000);
    suspendedAt = Date.now();
  })();
  const flood = await autocannon({
    url: p.hookOf(flooded.id),
    connections: 50,
    duration: 15,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(record),
  });
  const statusCounts = flood.statusCodeStats as Record<string, { count: number }>;
  await watching.catch(async (error: Error) => {
    const { state } = await caller.flows.status({ id: flooded.id });
    const transitions = (await caller.flows.transitions({ id: flooded.id })).transitions.map((t) => `${t.from}>${t.to} (${t.cause})`);
    throw new Error(
      `${error.message}; the flood was answered ${Object.entries(statusCounts).map(([status, { count }]) => `${status} ×${count}`).join(", ")}; ` +
        `it is ${state}; its changes, newest first: ${transitions.slice(0, 4).join("; ")}`,
    );
  });
  sink.send({ type: "delay", ms: 0 });
  await caller.flows.stop({ id: flooded.id });
  await waitState(caller, flooded.id, "stopped");
  return {
    startToRunningMs,
    wakeToDeliveredMs,
    suspend: {
      limit,
      sinkDelayMs,
      accepted: statusCounts["202"]?.count ?? 0,
      refused503: statusCounts["503"]?.count ?? 0,
      msFromFloodToSuspended: suspendedAt - floodStart,
    },
  };
}

function reportStorage(s: StorageFigures) {
  console.log(
    `executions storage: ${s.stepRecords} step records (${s.executions} executions) written in ${s.seconds} s (${s.recordsPerSecond}/s); ` +
      `per 1 million step records: ${s.perMillion.tableMb} MB of table, ${s.perMillion.writeSeconds} s to write, ` +
      `CPU ${s.perMillion.writerCpuSeconds} s in the writer and ${s.perMillion.postgresCpuSeconds} s in PostgreSQL`,
  );
}

type ThroughputFigures = { idle: Record<string, unknown>; fullSpeed: Record<string, unknown>; fixedRate: Record<string, unknown> };
/** how long the bench watches a running flow with nothing to do */
const IDLE_SECONDS = 5;
/** messages sent to a flow before it is measured */
const WARM_UP_MESSAGES = 3000;

/** One executions mode's throughput figures in a few lines. */
function reportThroughput(mode: string, figures: ThroughputFigures) {
  const f = figures.fullSpeed;
  const r = figures.fixedRate;
  console.log(
    `executions "${mode}": full speed (50 senders, ${seconds}s): ${f.deliveredPerSecond} msg/s delivered, p50 ${f.latencyP50ms} ms, p99 ${f.latencyP99ms} ms, lost ${f.lost}, duplicates ${f.duplicates}; ` +
      `${f.executionsRecorded} executions recorded (the last ${f.executionsRecordedAfterMs} ms after the last delivery)`,
  );
  const cpuOf = (figures: Record<string, unknown>) => {
    const used = figures.cpuMicrosecondsPerMessage as Record<string, number>;
    const total = Object.entries(used).reduce((sum, [name, v]) => (name === "sender (bench)" || name === "sink" ? sum : sum + v), 0);
    return `${total} (${Object.entries(used).map(([k, v]) => `${k} ${v}`).join(", ")})`;
  };
  console.log(`  CPU per delivered message (µs): ${cpuOf(f)}; stolen by the hypervisor meanwhile: ${f.stealPercent} %`);
  const redisOf = (figures: Record<string, unknown>) => {
    const c = figures.redisCommandsPerMessage as { commands: number; scripts: number; top?: Record<string, number> };
    return `${c.commands} (scripts ${c.scripts}; most: ${Object.entries(c.top ?? {}).map(([k, v]) => `${k} ${v}`).join(", ")})`;
  };
  console.log(`  Redis commands per message: ${redisOf(f)}`);
  const idle = figures.idle.cpuMillisecondsPerSecond as Record<string, number>;
  console.log(
    `  idle (the flow running, no messages, ${figures.idle.seconds}s): CPU ms per second ${Object.entries(idle).reduce((sum, [, v]) => sum + v, 0)} (${Object.entries(idle).map(([k, v]) => `${k} ${v}`).join(", ")}); Redis ${figures.idle.redisCommandsPerSecond} commands/s`,
  );
  console.log(`  fixed 100 msg/s (${r.seconds}s): p50 ${r.latencyP50ms} ms, p99 ${r.latencyP99ms} ms, max ${r.latencyMaxMs} ms, lost ${r.lost}, duplicates ${r.duplicates}`);
  console.log(`    CPU per message (µs, the platform's, sender and sink apart): ${cpuOf(r)}`);
  console.log(`    Redis commands per message: ${redisOf(r)}`);
}

function reportLifecycle(l: Lifecycle) {
  console.log(
    `lifecycle: start → running ${l.startToRunningMs.join("/")} ms; wake-up (webhook → delivered) ${l.wakeToDeliveredMs.join("/")} ms; ` +
      `suspended ${l.suspend.msFromFloodToSuspended} ms after a flood began (${l.suspend.accepted} accepted, ${l.suspend.refused503} refused with 503)`,
  );
}

function reportPolling(pf: PollingFigures) {
  console.log(
    `polling (every ${pf.every}, ${pf.changes} changes): change → delivered p50 ${pf.latencyP50ms} ms, p99 ${pf.latencyP99ms} ms, max ${pf.latencyMaxMs} ms; ${pf.delivered} delivered, lost ${pf.lost}, duplicates ${pf.duplicates}`,
  );
}

function reportRedisKill(r: RedisKillFigures) {
  console.log(
    `redis kill -9 after ${r.acceptedBeforeKill} of ${r.messages} messages: back (first 202) after ${r.outageMs} ms; answers meanwhile ${JSON.stringify(r.answersDuringOutage)}, slowest ${r.slowestAnswerDuringOutageMs} ms`,
  );
  console.log(`  accepted ${r.accepted}, delivered ${r.delivered}, lost ${r.lost}, duplicates ${r.duplicates} (same idempotency key), sent twice by senders ${r.sentTwice}; drained in ${r.drainMs} ms`);
}

function reportDocker(d: DockerFigures) {
  console.log(
    `docker: start → running ${d.startToRunningMs.join("/")} ms (3 containers each); slowest step (concurrency ${d.slowestStep.concurrency}, target ${d.slowestStep.sinkDelayMs} ms) ` +
      `${d.slowestStep.oneReplicaPerSecond} msg/s with 1 replica, ${d.slowestStep.threeReplicasPerSecond} msg/s with 3; memory per container (MB, now/peak): ` +
      Object.entries(d.containerMemoryMb)
        .map(([k, v]) => `${k} ${v.usage}/${v.peak ?? "?"}`)
        .join(", "),
  );
}

/** the figures of every part, written to bench/results/ at the end; a part that failed holds why */
const results: Record<string, unknown> = {};
const failedParts: string[] = [];

/** Runs one part of the bench and prints its figures as soon as it has them; a part that fails says why, and the next one runs. */
async function part<T>(name: string, measure: () => Promise<T>, print: (figures: T) => void): Promise<T | undefined> {
  console.log(`\n▶ ${name}`);
  try {
    const figures = await measure();
    results[name] = figures;
    print(figures);
    return figures;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    results[name] = { failed: why };
    failedParts.push(name);
    console.log(`✗ ${name} failed: ${why} (the other parts still run)`);
    return undefined;
  }
}

async function main() {
  delete process.env.DATABASE_URL;
  delete process.env.REDIS_URL;
  rmSync(path.join(dataDir, "redis"), { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const log = (line: string) => console.log(line);
  const postgres = await ensurePostgres({ dataDir, port: 5436, log });
  const redisService = await ensureRedis({ dataDir, port: 6383, log });
  const redis = createRedis(redisService.url);
  // a fresh installation: flows a killed run left running came back with their runners and took CPU from the figures
  await recreateDatabase(postgres.url);
  await applyMigrations({ databaseUrl: postgres.url });
  const db = createDb(postgres.url);
  const workspace = await createWorkspace(db, { name: `bench ${new Date().toISOString()}` });
  const { token } = await createApiToken(db, { workspaceId: workspace.id, name: "bench" });
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const services = createApiServices({ databaseUrl: postgres.url, redisUrl: redisService.url, gatewayUrl });
  const caller = appRouter.createCaller(await createContext({ services, headers: new Headers({ authorization: `Bearer ${token}` }) }));

  // the sink listens on loopback: steps may reach it
  const env = { DATABASE_URL: postgres.url, REDIS_URL: redisService.url, GATEWAY_PORT: String(gatewayPort), NODE_ENV: "production", INTERFLOW_EGRESS_ALLOW: "127.0.0.0/8", INTERFLOW_WORKER_PORT: "0" };
  let worker = launch("worker", "apps/worker/dist/main.js", env);
  const gateway = launch("gateway", "apps/gateway/dist/main.js", env);
  const sink = fork(path.join(root, "bench/sink.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const { port: sinkPort } = await new Promise<{ port: number }>((resolve) => sink.once("message", (m) => resolve(m as { port: number })));

  const doc = JSON.parse(readFileSync(path.join(root, "examples/webhook-to-http.json"), "utf8")) as FlowDocument;
  const deliver = doc.nodes.find((n) => n.id === "deliver");
  if (!deliver) throw new Error("example flow lost its deliver step");
  deliver.config = { ...deliver.config, url: `http://127.0.0.1:${sinkPort}/orders` };
  deliver.mapping = `$merge([$, { "source": $steps.webhook.source, "seq": $steps.webhook.seq, "sentAt": $steps.webhook.sentAt }])`;
  // the main flow must not fall asleep while the other phases run (the Docker phase takes its runners over)
  const { id } = await caller.flows.import({ document: { ...doc, name: "bench: webhook to http", settings: { idleSeconds: 86_400 } } });
  const startedAt = Date.now();
  await caller.flows.start({ id });
  while ((await caller.flows.status({ id })).state !== "running") await new Promise((r) => setTimeout(r, 100));
  console.log(`flow ${id} running after ${Date.now() - startedAt} ms`);
  const hook = `${gatewayUrl}/hook/${id}`;

  // the flow whose runners are measured now (throughput sets it)
  let measured = id;
  /** each runner, and the expression evaluator it started (a child process) */
  const runnerPids = async () =>
    Object.entries(await redis.hgetall(keys.runners(measured))).flatMap(([field, raw]) => {
      const pid = JSON.parse(raw).pid as number;
      return [[`runner ${field}`, pid] as const, ...childPids(pid).map((child, i) => [`runner ${field} expressions${i ? ` ${i}` : ""}`, child] as const)];
    });
  const redisPid = Number(/process_id:(\d+)/.exec(await redis.info("server"))?.[1]);
  const pids = async (): Promise<Array<readonly [string, number]>> => [
    ["gateway", gateway.pid as number],
    ["worker", worker.pid as number],
    ...(await runnerPids()),
    ["redis-server", redisPid],
    ["sink", sink.pid as number],
    ["sender (bench)", process.pid],
  ];
  const resetPeaks = async () => {
    for (const [, pid] of await pids()) resetPeak(pid);
  };
  const peaks = async () => Object.fromEntries((await pids()).map(([name, pid]) => [name, Math.round(peakRss(pid) ?? 0)]));
  /** CPU seconds per process so far (PostgreSQL's processes together) */
  const cpu = async (): Promise<Record<string, number>> => {
    const used: Record<string, number> = Object.fromEntries((await pids()).map(([name, pid]) => [name, cpuSeconds(pid)]));
    used.postgres = postgresCpuSeconds();
    return used;
  };
  /** CPU microseconds per delivered message by process, between two readings */
  const cpuPerMessage = (before: Record<string, number>, after: Record<string, number>, messages: number) =>
    Object.fromEntries(Object.entries(after).map(([name, s]) => [name, Math.round(((s - (before[name] ?? 0)) * 1e6) / Math.max(1, messages))]));

  /** Redis commands run so far (those a script runs counted too: INFO commandstats) */
  const redisCommands = async (): Promise<Record<string, number>> => {
    const counts: Record<string, number> = {};
    for (const [, name, calls] of (await redis.info("commandstats")).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) counts[name as string] = Number(calls);
    return counts;
  };
  /** Redis commands per delivered message between two readings: all, and the scripts (EVAL/EVALSHA) among them */
  const redisPerMessage = (before: Record<string, number>, after: Record<string, number>, messages: number) => {
    const delta = (pick: (name: string) => boolean) =>
      Object.entries(after)
        .filter(([name]) => pick(name))
        .reduce((sum, [name, calls]) => sum + calls - (before[name] ?? 0), 0) / Math.max(1, messages);
    const top = Object.entries(after)
      .map(([name, calls]) => [name, Math.round(((calls - (before[name] ?? 0)) * 10) / Math.max(1, messages)) / 10] as const)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8);
    return {
      commands: Math.round(delta(() => true) * 10) / 10,
      scripts: Math.round(delta((name) => name === "eval" || name === "evalsha") * 10) / 10,
      top: Object.fromEntries(top),
    };
  };


  /** the main flow stopped, then every process and service of the bench */
  const shutdown = async () => {
    await caller.flows.stop({ id });
    await waitState(caller, id, "stopped");
    sink.send("exit");
    for (const child of [gateway, worker]) child.kill("SIGTERM");
    await new Promise((res) => setTimeout(res, 1000));
    await closeApiServices(services);
    await db.close();
    await redis.quit();
    await redisService.stop();
    await postgres.stop();
  };

  // executions' cost to the database alone (BENCH_ONLY=storage runs only this)
  const storage = async () => {
    const { id: storageFlow } = await caller.flows.import({ document: { ...doc, name: "bench: executions storage" } });
    return measureExecutionStorage({ db, workspaceId: workspace.id, flowId: storageFlow, stepRecords: Number(process.env.BENCH_RECORDS ?? 1_000_000) });
  };
  if (process.env.BENCH_ONLY === "storage") {
    const figures = await storage();
    console.log(JSON.stringify(figures, null, 2));
    reportStorage(figures);
    return shutdown();
  }

  // warm-up: JIT, connections
  await autocannon({ url: hook, connections: 10, amount: 2000, method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(record) });
  await drain(sink, 2000, 30_000);
  sink.send("reset");

  /** 1. full speed, 50 concurrent senders; 2. a fixed 100 msg/s — into the flow `flowId` */
  const throughput = async (flowId: string) => {
    measured = flowId;
    const hook = `${gatewayUrl}/hook/${flowId}`;
    const recordedOk = async () => Number((await db.prisma.execution.count({ where: { flowId, status: "ok" } })) ?? 0);
    // "errors" keeps only executions with a failure: none here
    const keepsExecutions = ((await caller.flows.export({ id: flowId })).document.settings?.executions ?? "all") === "all";
    // warm up (JIT, connections, pools): every mode's runners are measured warm, as they run in production
    const warmBefore = await recordedOk();
    await autocannon({ url: hook, connections: 10, amount: WARM_UP_MESSAGES, method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(record) });
    await drain(sink, WARM_UP_MESSAGES, 30_000);
    sink.send("reset");
    const warmDeadline = Date.now() + 30_000;
    while (keepsExecutions && (await recordedOk()) - warmBefore < WARM_UP_MESSAGES && Date.now() < warmDeadline) await new Promise((r) => setTimeout(r, 250));
    const okBefore = await recordedOk();
    // the flow running with nothing to do: what its processes cost by themselves (polls, timers)
    const idleCpuBefore = await cpu();
    const idleRedisBefore = await redisCommands();
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const idleCpuAfter = await cpu();
    const idleRedisAfter = await redisCommands();
    const idle = {
      seconds: IDLE_SECONDS,
      cpuMillisecondsPerSecond: Object.fromEntries(Object.entries(idleCpuAfter).map(([name, s]) => [name, Math.round(((s - (idleCpuBefore[name] ?? 0)) * 1000) / IDLE_SECONDS)])),
      redisCommandsPerSecond: Math.round(redisPerMessage(idleRedisBefore, idleRedisAfter, IDLE_SECONDS).commands),
    };
    await resetPeaks();
    const cpuBefore = await cpu();
    const redisBefore = await redisCommands();
    const machineBefore = machineCpu();
    const fullStart = Date.now();
    // every request carries a sequence number; the 202s tell which were accepted, the sink which arrived
    let seq = 0;
    const acceptedSeqs = new Set<number>();
    const full = await autocannon({
      url: hook,
      connections: 50,
      duration: seconds,
      method: "POST",
      headers: { "content-type": "application/json" },
      requests: [
        {
          setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
            context.seq = seq++;
            return { ...req, body: JSON.stringify({ ...record, seq: context.seq, sentAt: Date.now() }) };
          },
          onResponse: (status: number, _body: string, context: Record<string, unknown>) => {
            if (status === 202) acceptedSeqs.add(context.seq as number);
          },
        },
      ],
    });
    const accepted = acceptedSeqs.size;
    const fullReport = await drain(sink, accepted);
    const fullLost = await lostOf(sink, acceptedSeqs);
    // the executions of what was delivered are written too (the worker may lag behind the sink)
    const recordDeadline = Date.now() + 60_000;
    while (keepsExecutions && (await recordedOk()) - okBefore < fullReport.unique && Date.now() < recordDeadline) await new Promise((r) => setTimeout(r, 250));
    const recordedAfterMs = Date.now() - fullReport.lastAt;
    const cpuAfter = await cpu();
    const redisAfter = await redisCommands();
    const fullSecs = (fullReport.lastAt - fullStart) / 1000;
    const machineAfter = machineCpu();
    const fullSpeed = {
      senders: 50,
      seconds,
      sent: seq,
      accepted,
      refused: full.non2xx,
      errors: full.errors,
      acceptedPerSecond: Math.round(accepted / seconds),
      delivered: fullReport.unique,
      deliveredPerSecond: Math.round(fullReport.unique / fullSecs),
      deliveredAfterSendingMs: fullReport.lastAt - fullStart - seconds * 1000,
      duplicates: fullReport.deliveries - fullReport.unique,
      lost: fullLost,
      /** executions written as ok, and how long after the last delivery the last was written */
      executionsRecorded: (await recordedOk()) - okBefore,
      executionsRecordedAfterMs: recordedAfterMs,
      latencyP50ms: fullReport.p50,
      latencyP99ms: fullReport.p99,
      webhookLatencyP99ms: full.latency.p99,
      cpuMicrosecondsPerMessage: cpuPerMessage(cpuBefore, cpuAfter, fullReport.unique),
      redisCommandsPerMessage: redisPerMessage(redisBefore, redisAfter, fullReport.unique),
      /** the hypervisor's share of the machine meanwhile: CPU figures of runs with much of it run high */
      stealPercent: stealPercent(machineBefore, machineAfter, (Date.now() - fullStart) / 1000, availableParallelism()),
      peakRssMb: await peaks(),
    };
    sink.send("reset");

    await resetPeaks();
    const fixedCpuBefore = await cpu();
    const fixedRedisBefore = await redisCommands();
    const fixed = await fixedRate(hook, 100, fixedSeconds);
    const fixedReport = await drain(sink, fixed.accepted.size);
    const fixedCpuAfter = await cpu();
    const fixedRedisAfter = await redisCommands();
    const fixedLost = await lostOf(sink, fixed.accepted);
    const fixedRate100 = {
      rate: 100,
      seconds: fixedSeconds,
      sent: fixed.sent,
      accepted: fixed.accepted.size,
      delivered: fixedReport.unique,
      duplicates: fixedReport.deliveries - fixedReport.unique,
      lost: fixedLost,
      latencyP50ms: fixedReport.p50,
      latencyP99ms: fixedReport.p99,
      latencyMaxMs: fixedReport.max,
      // one message a job at every step: what a message costs when nothing is batched
      cpuMicrosecondsPerMessage: cpuPerMessage(fixedCpuBefore, fixedCpuAfter, fixedReport.unique),
      redisCommandsPerMessage: redisPerMessage(fixedRedisBefore, fixedRedisAfter, fixedReport.unique),
      peakRssMb: await peaks(),
    };
    sink.send("reset");
    return { idle, fullSpeed, fixedRate: fixedRate100 };
  };

  // executions: "all" (the main flow), then the same with what else a flow may keep ("errors" by default; BENCH_MODES=errors,none)
  // BENCH_ONLY=throughput|lifecycle|storage|redis-kill runs that part alone
  const only = process.env.BENCH_ONLY;
  if (!only || only === "throughput") await part('throughput, executions "all"', () => throughput(id), (f) => reportThroughput("all", f));
  const modes = (only && only !== "throughput" ? "" : (process.env.BENCH_MODES ?? "errors")).split(",").filter((m): m is "errors" | "none" => m === "errors" || m === "none");
  for (const mode of modes) {
    await part(
      `throughput, executions "${mode}"`,
      async () => {
        const { id: modeId } = await caller.flows.import({ document: { ...doc, name: `bench: webhook to http (executions: ${mode})`, settings: { executions: mode } } });
        await caller.flows.start({ id: modeId });
        await waitState(caller, modeId, "running");
        const figures = await throughput(modeId);
        await caller.flows.stop({ id: modeId });
        await waitState(caller, modeId, "stopped");
        return figures;
      },
      (f) => reportThroughput(mode, f),
    );
  }

  if (only === "lifecycle") {
    await part("lifecycle", () => measureLifecycle({ caller, doc, hookOf: (flowId) => `${gatewayUrl}/hook/${flowId}`, sink }), reportLifecycle);
  } else if (!only) {
    // 3. lifecycle: start → running, wake-up from sleeping, suspension under a flood
    sink.send("reset");
    await part("lifecycle", () => measureLifecycle({ caller, doc, hookOf: (flowId) => `${gatewayUrl}/hook/${flowId}`, sink }), reportLifecycle);

    // 4. polling: a record's change to its delivery, on a 5 s schedule
    sink.send("reset");
    await part(
      "polling",
      () =>
        measurePolling({
          caller,
          sink,
          sinkUrl: `http://127.0.0.1:${sinkPort}/records`,
          waitState: (flowId, state) => waitState(caller, flowId, state),
          drain: (n) => drain(sink, n, 20_000),
          seqs: async () => new Set((await ask<{ seqs: number[] }>(sink, "seqs", "seqs")).seqs),
          seconds: Math.min(seconds, 20),
        }),
      reportPolling,
    );

    // 5. what executions cost the database
    await part("executions storage", storage, reportStorage);

    // 6. the Docker runtime (BENCH_DOCKER=0 skips it)
    if (process.env.BENCH_DOCKER !== "0" && dockerAnswers()) {
      sink.send("reset");
      await part(
        "docker",
        () =>
          measureDocker({
            caller,
            doc,
            hookOf: (flowId) => `${gatewayUrl}/hook/${flowId}`,
            sink,
            installation: `bench-${Date.now().toString(36)}`,
            waitState: (flowId, state) => waitState(caller, flowId, state),
            drain: (n) => drain(sink, n),
            switchWorker: async (extra) => {
              // the main flow keeps running: its runners come back as containers under the new worker
              const exited = new Promise((res) => worker.once("exit", res));
              worker.kill("SIGTERM");
              await exited;
              worker = launch("worker", "apps/worker/dist/main.js", { ...env, ...extra });
              await waitState(caller, id, "running");
            },
          }),
        reportDocker,
      );
    }
  }

  // 7. Redis killed with -9 mid-stream (last: it replaces the Redis process the other parts measure)
  if (!only || only === "redis-kill") {
    sink.send("reset");
    await part(
      "redis kill -9 under 10,000 messages",
      () =>
        measureRedisKill({
          hook,
          record,
          kill: () => {
            redisService.supervise();
            process.kill(redisPid, "SIGKILL");
          },
          drain: (n) => drain(sink, n, 180_000),
          seqs: async () => new Set((await ask<{ seqs: number[] }>(sink, "seqs", "seqs")).seqs),
        }),
      reportRedisKill,
    );
  }

  console.log(failedParts.length > 0 ? `\n${failedParts.length} part(s) failed: ${failedParts.join(", ")} (see above)` : "\nevery part ran");
  mkdirSync(path.join(root, "bench/results"), { recursive: true });
  writeFileSync(path.join(root, "bench/results", `${new Date().toISOString().replaceAll(":", "-")}.json`), JSON.stringify(results, null, 2));

  await shutdown();
}

await main();
process.exit(failedParts.length > 0 ? 1 : 0);
