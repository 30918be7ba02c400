import { type Db, type EncryptionKey, type FlowWithWorkspace, listFlowsInStates } from "@interflow/db";
import { directEntryOf, flowQueuePrefix, keys, type Redis } from "@interflow/queue";
import { Queue } from "bullmq";
import { triggerNodeOf } from "@interflow/flow";
import { RefusalWatch } from "./webhook-refusals";
import { storeCredentialRefusals } from "./credential-refusals";
import { buildDeployment, queueLimitsOf } from "./deployment";
import type { FlowController, Logger } from "./flow-controller";
import { refreshDueTokens } from "./oauth2-refresher";

export interface MonitorSettings {
  intervalMs: number;
  /** the platform's idle period; a flow's settings.idleSeconds, then its workspace's, win */
  idleSeconds: number;
  retentionSeconds: number;
  /** an intermediate state older than this is finished again (its first attempt failed without a crash) */
  stalledAfterMs?: number;
  /** how often OAuth2 tokens of running flows are looked at (default OAUTH2_LOOK_MS) */
  oauth2LookMs?: number;
  /** whether the gateways hand webhooks straight to the trigger's next steps (INTERFLOW_DIRECT_ENTRY; default yes) */
  directEntry?: boolean;
}

/** OAuth2 tokens are refreshed minutes before expiry: a look every 10 s is plenty. */
export const OAUTH2_LOOK_MS = 10_000;

type Levels = Map<string, { messages: number; bytes: number }>;

/** Each step queue's backlog (messages, bytes) from the counters the gateway and runners keep. */
export function queueLevels(flow: Pick<FlowWithWorkspace, "document">, backlog: Record<string, string>): Levels {
  return new Map(
    flow.document.nodes.map((node) => [
      node.id,
      { messages: Number(backlog[`${node.id}.messages`] ?? 0), bytes: Number(backlog[`${node.id}.bytes`] ?? 0) },
    ]),
  );
}

/**
 * A queue the steps' own emits pushed over its limit, in words for the flow's history. The queues
 * the gateway fills (the trigger's, and its next steps' when it hands webhooks straight to them)
 * are held at their limit by the gateway (429) and are not judged here. `allowance` (the levels
 * a resumed flow started from) raises a queue's threshold while the flow drains what it kept.
 */
export function overLimit(
  flow: Pick<FlowWithWorkspace, "document" | "workspaceLimits"> & { gatewayFed: readonly string[] },
  levels: Levels,
  allowance: Levels = new Map(),
): string | undefined {
  const limits = queueLimitsOf(flow);
  for (const [stepId, level] of levels) {
    if (flow.gatewayFed.includes(stepId)) continue;
    const allowed = allowance.get(stepId);
    const maxMessages = Math.max(limits.messages, allowed?.messages ?? 0);
    const maxBytes = Math.max(limits.bytes, allowed?.bytes ?? 0);
    if (level.messages > maxMessages) return `the queue of step "${stepId}" holds ${level.messages} messages, over its limit of ${limits.messages}`;
    if (level.bytes > maxBytes) return `the queue of step "${stepId}" holds ${level.bytes} bytes, over its limit of ${limits.bytes}`;
  }
  return undefined;
}

/** The steps whose queues the gateway fills: the trigger's, and its next steps' when webhooks go straight to them. */
function gatewayFedSteps(flow: Parameters<typeof buildDeployment>[0], directEntry: boolean): string[] {
  const trigger = triggerNodeOf(flow.document);
  if (!trigger) return [];
  return [trigger.id, ...((directEntry && directEntryOf(buildDeployment(flow))?.next) || [])];
}

const STALLED_AFTER_MS = 60_000;

/**
 * The leader's watch over flows between commands: a queue over its limit suspends (or in a limited
 * workspace stops) its flow; an ordinary flow with nothing to do for its idle period sleeps, and a
 * sleeping one with messages waiting wakes; a suspended flow's kept messages are dropped after the
 * retention period; an intermediate state whose transition failed is finished again; a credential
 * a step's application refused is marked failed (see credential-refusals.ts). One slow or
 * failing flow holds up no other: each flow's action runs on its own and is not awaited by the tick.
 */
export class FlowMonitor {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  /** per running flow: what its counters looked like, and since when */
  private readonly activity = new Map<string, { signature: string; since: number }>();
  /** bursts of refused webhooks, audited */
  private readonly refusals = new RefusalWatch();
  /** per flow: the action started by a tick and not finished yet */
  private readonly acting = new Map<string, Promise<unknown>>();

  constructor(
    private readonly deps: { db: Db; redis: Redis; controller: FlowController; logger: Logger; encryptionKey?: EncryptionKey | null },
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
    await Promise.allSettled(this.acting.values());
  }

  /** Starts `action` for the flow unless one is still under way. */
  private act(flowId: string, what: string, action: () => Promise<unknown>): void {
    if (this.acting.has(flowId)) return;
    const running = action()
      .catch((error: Error) => this.deps.logger.error(`flow monitor could not ${what}`, { flowId, error: error.message }))
      .finally(() => this.acting.delete(flowId));
    this.acting.set(flowId, running);
  }

  /** One look at every flow that runs, sleeps, is suspended or is between states. */
  async tick(now = Date.now()): Promise<void> {
    const flows = await listFlowsInStates(this.deps.db, { states: ["starting", "running", "sleeping", "stopping", "suspending", "suspended"] });
    const seen = new Set<string>();
    for (const flow of flows) {
      seen.add(flow.id);
      // whatever the flow is doing: a refused credential is the person's to fix
      await storeCredentialRefusals({ ...this.deps, flow }).catch((error: Error) =>
        this.deps.logger.error("flow monitor could not store credential refusals", { flowId: flow.id, error: error.message }),
      );
      // many webhooks refused for their authentication: audited (someone guessing, or a sender left behind by a rotation)
      if (flow.state === "running" || flow.state === "sleeping") {
        await this.refusals.look({ ...this.deps, flow, now }).catch((error: Error) =>
          this.deps.logger.error("flow monitor could not look at refused webhooks", { flowId: flow.id, error: error.message }),
        );
      }
      if (this.acting.has(flow.id)) continue;
      try {
        await this.look(flow, now);
      } catch (error) {
        this.deps.logger.error("flow monitor could not check a flow", { flowId: flow.id, error: (error as Error).message });
      }
    }
    for (const id of this.activity.keys()) if (!seen.has(id)) this.activity.delete(id);
    this.refusals.keepOnly(seen);
    await this.refreshTokens(flows, now);
  }

  private lastTokenLook = 0;

  /** Every OAUTH2_LOOK_MS: OAuth2 tokens of running flows refreshed before they expire (see oauth2-refresher.ts). */
  private async refreshTokens(flows: readonly FlowWithWorkspace[], now: number): Promise<void> {
    const { encryptionKey } = this.deps;
    if (!encryptionKey || now - this.lastTokenLook < (this.settings.oauth2LookMs ?? OAUTH2_LOOK_MS)) return;
    this.lastTokenLook = now;
    await refreshDueTokens({ ...this.deps, encryptionKey }, flows).catch((error: Error) => this.deps.logger.error("flow monitor could not refresh OAuth2 tokens", { error: error.message }));
  }

  private async look(flow: FlowWithWorkspace, now: number): Promise<void> {
    const { redis, controller } = this.deps;
    const inState = now - flow.stateChangedAt.getTime();
    const stalled = "finishing a transition that stalled";
    switch (flow.state) {
      case "starting":
      case "stopping":
      case "suspending": {
        if (inState < (this.settings.stalledAfterMs ?? STALLED_AFTER_MS)) return;
        const finish = { starting: controller.start, stopping: controller.stop, suspending: controller.suspend }[flow.state];
        return this.act(flow.id, `finish ${flow.state}`, () => finish.call(controller, flow.id, stalled));
      }
      case "suspended":
        if (inState >= this.settings.retentionSeconds * 1000) {
          this.act(flow.id, "drop kept messages", () => controller.expireKept(flow.id, this.settings.retentionSeconds * 1000));
        }
        return;
    }
    const [backlog, stats, drainingFrom] = await Promise.all([
      redis.hgetall(keys.backlog(flow.id)),
      redis.hgetall(keys.stats(flow.id)),
      redis.get(keys.draining(flow.id)),
    ]);
    const levels = queueLevels(flow, backlog);
    const waiting = [...levels.values()].some((level) => level.messages > 0);
    if (flow.state === "sleeping") {
      // a message that reached the queue without waking the flow (a slow upload, a late route)
      if (waiting) this.act(flow.id, "wake", () => controller.wake(flow.id, "messages waiting in its queues"));
      return;
    }

    const gatewayFed = gatewayFedSteps(flow, this.settings.directEntry ?? true);
    const allowance = drainingFrom ? queueLevels(flow, JSON.parse(drainingFrom) as Record<string, string>) : undefined;
    const over = overLimit({ ...flow, gatewayFed }, levels, allowance);
    if (drainingFrom && !overLimit({ ...flow, gatewayFed }, levels)) await redis.del(keys.draining(flow.id));
    if (over) {
      this.activity.delete(flow.id);
      return this.act(flow.id, "suspend over its limit", () => controller.limitExceeded(flow.id, over));
    }

    // what has been processed so far: it changes while anything moves through the flow
    const signature = Object.entries(stats)
      .filter(([field]) => /\.(in|out|errors|retries)$/.test(field))
      .sort()
      .join();
    const last = this.activity.get(flow.id);
    const quiet = last !== undefined && last.signature === signature && flow.stateChangedAt.getTime() <= last.since;
    if (quiet && waiting && (await this.queuesEmpty(flow))) {
      // counters left behind by a batch that failed for good or a crash: nothing is queued, so none count
      await redis.del(keys.backlog(flow.id));
      this.deps.logger.warn("backlog counters reset: the queues are empty", { flowId: flow.id, backlog });
      return;
    }
    if (waiting || !quiet) {
      this.activity.set(flow.id, { signature, since: now });
      return;
    }
    // realtime flows never sleep, polling flows have work on their schedule, pushing ones a subscription
    if (flow.type !== "ordinary" || this.deps.controller.worksOnItsOwn(flow)) return;
    const idleSeconds = flow.document.settings?.idleSeconds ?? flow.workspaceIdleSeconds ?? this.settings.idleSeconds;
    if (now - last.since >= idleSeconds * 1000) {
      this.activity.delete(flow.id);
      this.act(flow.id, "put to sleep", () => controller.sleep(flow.id, `no messages for ${idleSeconds} s`));
    }
  }

  private async queuesEmpty(flow: FlowWithWorkspace): Promise<boolean> {
    for (const node of flow.document.nodes) {
      const queue = new Queue(node.id, { connection: this.deps.redis, prefix: flowQueuePrefix(flow.id) });
      try {
        const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children");
        if (Object.values(counts).some((n) => n > 0)) return false;
      } finally {
        await queue.close();
      }
    }
    return true;
  }
}
