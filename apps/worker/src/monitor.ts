import { type Db, type FlowWithWorkspace, listFlowsInStates } from "@interflow/db";
import { keys, type Redis } from "@interflow/queue";
import { buildDeployment, queueLimitsOf } from "./deployment";
import type { FlowController, Logger } from "./flow-controller";

export interface MonitorSettings {
  intervalMs: number;
  /** the platform's idle period; a flow's settings.idleSeconds wins */
  idleSeconds: number;
  retentionSeconds: number;
}

/** Each step queue's backlog (messages, bytes) from the counters the gateway and runners keep. */
export function queueLevels(flow: Pick<FlowWithWorkspace, "document">, backlog: Record<string, string>): Map<string, { messages: number; bytes: number }> {
  return new Map(
    flow.document.nodes.map((node) => [
      node.id,
      { messages: Number(backlog[`${node.id}.messages`] ?? 0), bytes: Number(backlog[`${node.id}.bytes`] ?? 0) },
    ]),
  );
}

/**
 * A queue the steps' own emits pushed over its limit, in words for the flow's history. The first
 * queue is held at its limit by the gateway (429) and is not judged here.
 */
export function overLimit(
  flow: Pick<FlowWithWorkspace, "document" | "workspaceLimits"> & { triggerStepId: string },
  levels: Map<string, { messages: number; bytes: number }>,
): string | undefined {
  const limits = queueLimitsOf(flow);
  for (const [stepId, level] of levels) {
    if (stepId === flow.triggerStepId) continue;
    if (level.messages > limits.messages) return `the queue of step "${stepId}" holds ${level.messages} messages, over its limit of ${limits.messages}`;
    if (level.bytes > limits.bytes) return `the queue of step "${stepId}" holds ${level.bytes} bytes, over its limit of ${limits.bytes}`;
  }
  return undefined;
}

/**
 * The leader's watch over flows between commands: a queue over its limit suspends (or in a limited
 * workspace stops) its flow; an ordinary flow with nothing to do for its idle period sleeps; a
 * suspended flow's kept messages are dropped after the retention period.
 */
export class FlowMonitor {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  /** per running flow: what its counters looked like, and since when */
  private readonly activity = new Map<string, { signature: string; since: number }>();

  constructor(
    private readonly deps: { db: Db; redis: Redis; controller: FlowController; logger: Logger },
    private readonly settings: MonitorSettings,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.ticking) return;
      this.ticking = this.tick()
        .catch((error: Error) => this.deps.logger.error("flow monitor check failed", { error: error.message }))
        .finally(() => {
          this.ticking = undefined;
        });
    }, this.settings.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
  }

  /** One look at every flow that runs, sleeps or is suspended. */
  async tick(now = Date.now()): Promise<void> {
    const { db, redis, controller } = this.deps;
    const flows = await listFlowsInStates(db, { states: ["running", "sleeping", "suspended"] });
    const seen = new Set<string>();
    for (const flow of flows) {
      seen.add(flow.id);
      if (flow.state === "suspended") {
        await controller.expireKept(flow.id, this.settings.retentionSeconds * 1000);
        continue;
      }
      const [backlog, stats] = await Promise.all([redis.hgetall(keys.backlog(flow.id)), redis.hgetall(keys.stats(flow.id))]);
      const levels = queueLevels(flow, backlog);
      const over = overLimit({ ...flow, triggerStepId: buildDeployment(flow).triggerStepId }, levels);
      // a resumed flow first works off what it held over its limits: that is no new flood
      const draining = over !== undefined && (await redis.exists(keys.draining(flow.id))) === 1;
      if (!over) await redis.del(keys.draining(flow.id));
      if (over && !draining) {
        this.activity.delete(flow.id);
        await controller.limitExceeded(flow.id, over);
        continue;
      }
      if (flow.state !== "running" || flow.type !== "ordinary") continue;
      const waiting = [...levels.values()].some((level) => level.messages > 0);
      // what has been processed so far: it changes while anything moves through the flow
      const signature = Object.entries(stats)
        .filter(([field]) => /\.(in|out|errors|retries)$/.test(field))
        .sort()
        .join();
      const last = this.activity.get(flow.id);
      if (waiting || !last || last.signature !== signature || flow.stateChangedAt.getTime() > last.since) {
        this.activity.set(flow.id, { signature, since: now });
        continue;
      }
      const idleSeconds = flow.document.settings?.idleSeconds ?? this.settings.idleSeconds;
      if (now - last.since >= idleSeconds * 1000) {
        this.activity.delete(flow.id);
        await controller.sleep(flow.id, `no messages for ${idleSeconds} s`);
      }
    }
    for (const id of this.activity.keys()) if (!seen.has(id)) this.activity.delete(id);
  }
}
