import { listFlowsInStates } from "@interflow/db";
import { FLOW_STATES } from "@interflow/flow";
import { keys, queueLimitsOf, readRunnerRestarts, STEP_LATENCY_BUCKETS_MS } from "@interflow/queue";
import { Counter, Gauge, Registry } from "prom-client";
import type { ApiServices } from "../services";

/** step counters of the stats hash (`<step>.<counter>`) and the metric each becomes */
const STEP_COUNTERS = {
  in: ["interflow_step_messages_processed_total", "Messages a step took in (first tries)"],
  out: ["interflow_step_messages_emitted_total", "Messages a step passed on to the next steps"],
  errors: ["interflow_step_messages_failed_total", "Messages a step gave up on (failed for good)"],
  retries: ["interflow_step_messages_retried_total", "Tries of a step that failed and will be tried again"],
  filtered: ["interflow_step_messages_filtered_total", "Messages a step emitted that no connection's condition took (their way ended there)"],
} as const;

/**
 * The platform's view in the Prometheus text format (`GET /metrics` of the web app): per flow and
 * step messages processed, emitted, failed and retried, what waits in each queue against the
 * flow's limits, how long tries took (a histogram), runner restarts, the flow's state (one gauge
 * per state) and the gateway's answers to its webhooks by status. Read from Redis and PostgreSQL
 * at each scrape; `workspaceId` keeps it to one workspace (a token's), else every workspace.
 */
export async function platformMetrics(services: Pick<ApiServices, "db" | "redis">, p: { workspaceId?: string } = {}): Promise<string> {
  const { db, redis } = services;
  const registry = new Registry();
  const flowLabels = ["workspace", "flow"] as const;
  const stepLabels = ["workspace", "flow", "step"] as const;
  const info = new Gauge({ name: "interflow_flow_info", help: "A flow's names and version (always 1)", labelNames: [...flowLabels, "workspace_name", "flow_name", "version"], registers: [registry] });
  const state = new Gauge({ name: "interflow_flow_state", help: "1 for the state the flow is in, 0 for the others", labelNames: [...flowLabels, "state"], registers: [registry] });
  const limitMessages = new Gauge({ name: "interflow_flow_queue_limit_messages", help: "Messages a step's queue may hold (the flow's limit)", labelNames: flowLabels, registers: [registry] });
  const limitBytes = new Gauge({ name: "interflow_flow_queue_limit_bytes", help: "Bytes a step's queue may hold (the flow's limit)", labelNames: flowLabels, registers: [registry] });
  const queuedMessages = new Gauge({ name: "interflow_step_queue_messages", help: "Messages waiting in a step's queue (taken but unfinished ones too)", labelNames: stepLabels, registers: [registry] });
  const queuedBytes = new Gauge({ name: "interflow_step_queue_bytes", help: "Bytes waiting in a step's queue", labelNames: stepLabels, registers: [registry] });
  const counters = Object.fromEntries(
    Object.entries(STEP_COUNTERS).map(([counter, [name, help]]) => [counter, new Counter({ name, help, labelNames: stepLabels, registers: [registry] })]),
  ) as Record<keyof typeof STEP_COUNTERS, Counter<(typeof stepLabels)[number]>>;
  const restarts = new Counter({ name: "interflow_step_runner_restarts_total", help: "Times a step's runners exited unasked and were started again", labelNames: stepLabels, registers: [registry] });
  const answers = new Counter({ name: "interflow_webhook_answers_total", help: "The gateways' answers to a flow's webhooks, by HTTP status", labelNames: [...flowLabels, "status"], registers: [registry] });
  const tries = new HistogramText("interflow_step_try_duration_seconds", "How long a step's tries took (the component's call with its mapping)");

  const flows = await listFlowsInStates(db, { states: [...FLOW_STATES], workspaceId: p.workspaceId });
  const workspaceNames = new Map((await db.prisma.workspace.findMany({ select: { id: true, name: true } })).map((w) => [w.id, w.name]));
  const pipeline = redis.pipeline();
  for (const flow of flows) pipeline.hgetall(keys.stats(flow.id)).hgetall(keys.backlog(flow.id));
  const replies = ((await pipeline.exec()) ?? []).map(([error, value]) => (error ? {} : (value as Record<string, string>)));

  for (const [i, flow] of flows.entries()) {
    const flowLabel = { workspace: flow.workspaceId, flow: flow.id };
    info.set({ ...flowLabel, workspace_name: workspaceNames.get(flow.workspaceId) ?? "", flow_name: flow.name, version: String(flow.version) }, 1);
    for (const s of FLOW_STATES) state.set({ ...flowLabel, state: s }, s === flow.state ? 1 : 0);
    const limits = queueLimitsOf({ document: flow.document, workspaceLimits: flow.workspaceLimits });
    limitMessages.set(flowLabel, limits.messages);
    limitBytes.set(flowLabel, limits.bytes);
    const stats = replies[2 * i] ?? {};
    const backlog = replies[2 * i + 1] ?? {};
    const restartsOf = await readRunnerRestarts(redis, flow.id);
    for (const node of flow.document.nodes) {
      const step = { ...flowLabel, step: node.id };
      const number = (hash: Record<string, string>, field: string) => count(hash[`${node.id}.${field}`]);
      queuedMessages.set(step, number(backlog, "messages"));
      queuedBytes.set(step, number(backlog, "bytes"));
      for (const counter of Object.keys(STEP_COUNTERS) as Array<keyof typeof STEP_COUNTERS>) counters[counter].inc(step, number(stats, counter));
      restarts.inc(step, restartsOf.get(node.id)?.count ?? 0);
      const buckets = [...STEP_LATENCY_BUCKETS_MS.map(String), "inf"].map((le) => number(stats, `latency.${le}`));
      const tryCount = number(stats, "latency.count");
      if (tryCount > 0) tries.add(step, buckets, number(stats, "latency.sum") / 1000);
    }
    for (const [field, value] of Object.entries(stats)) {
      const status = /^webhook\.answers\.(\d{3})$/.exec(field)?.[1];
      if (status) answers.inc({ ...flowLabel, status }, count(value));
    }
  }
  return `${await registry.metrics()}${tries.text()}`;
}

/** The text format's content type. */
export const METRICS_CONTENT_TYPE = new Registry().contentType;

/**
 * A count read from a flow's hashes, which its own runners can write (a custom component's code):
 * anything but a finite number ≥ 0 counts 0, so no flow can break the scrape for the others.
 */
function count(raw: string | undefined): number {
  const n = Number(raw ?? 0);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

const escapeLabel = (value: string) => value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
const labelText = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",");

/**
 * A histogram whose bucket counts are kept elsewhere (each step's tries, counted by its runners
 * into Redis per bucket alone): written in the text format with cumulative buckets, as prom-client
 * offers no way to set a histogram's counts.
 */
class HistogramText {
  private lines: string[] = [];

  constructor(
    private readonly name: string,
    private readonly help: string,
  ) {}

  /** `perBucket`: tries counted in each bucket alone, the last past the largest bound */
  add(labels: Record<string, string>, perBucket: number[], sumSeconds: number): void {
    let cumulative = 0;
    const les = [...STEP_LATENCY_BUCKETS_MS.map((ms) => String(ms / 1000)), "+Inf"];
    les.forEach((le, i) => {
      cumulative += perBucket[i] ?? 0;
      this.lines.push(`${this.name}_bucket{${labelText({ ...labels, le })}} ${cumulative}`);
    });
    this.lines.push(`${this.name}_sum{${labelText(labels)}} ${sumSeconds}`, `${this.name}_count{${labelText(labels)}} ${cumulative}`);
  }

  text(): string {
    if (this.lines.length === 0) return "";
    return `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} histogram\n${this.lines.join("\n")}\n`;
  }
}
