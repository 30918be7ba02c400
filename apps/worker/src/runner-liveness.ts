import { keys, type Redis, runnerStatusSchema } from "@interflow/queue";
import type { Logger } from "./flow-controller";
import type { RunnerSupervisor } from "./supervisor";

/**
 * The leader's watch over runners that are up but no longer answer: every runner writes a beat
 * into its status from its event loop (packages/runner/src/runner-status.ts); one whose last beat is
 * this watch has seen unchanged for `limitMs` — a component that never yields, a process stopped —
 * is replaced by the supervisor and counted as a restart on the dashboard. Time is this watch's own
 * (no clocks compared across machines), and a look that failed (Redis away, so no beat could be
 * written either) starts the watch over. A runner not up yet has no status and is the start's
 * business, not this watch's.
 */
export class RunnerLiveness {
  private timer: NodeJS.Timeout | undefined;
  private looking: Promise<void> | undefined;
  /** per replica: the last beat seen, and since when (this watch's clock) it has not changed */
  private readonly seen = new Map<string, { beatAt: string; since: number }>();

  constructor(
    private readonly deps: { redis: Redis; supervisor: RunnerSupervisor; logger: Logger },
    private readonly settings: { limitMs: number; checkMs: number },
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.looking ??= this.look()
        .catch((error: Error) => {
          this.seen.clear();
          this.deps.logger.error("runner liveness check failed", { error: error.message });
        })
        .finally(() => {
          this.looking = undefined;
        });
    }, this.settings.checkMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.looking;
  }

  /** One look at every wanted replica's last beat; the silent ones are replaced. */
  async look(now = Date.now()): Promise<void> {
    const wanted = this.deps.supervisor.wanted();
    for (const key of this.seen.keys()) if (!wanted.has(key.split("/")[0] as string)) this.seen.delete(key);
    for (const [flowId, replicas] of wanted) {
      const statuses = await this.deps.redis.hgetall(keys.runners(flowId));
      await Promise.all(
        replicas.map(async ({ stepId, replica }) => {
          const raw = statuses[`${stepId}.${replica}`];
          const status = raw ? runnerStatusSchema.safeParse(JSON.parse(raw)).data : undefined;
          const key = `${flowId}/${stepId}.${replica}`;
          if (!status?.beatAt) return void this.seen.delete(key);
          const last = this.seen.get(key);
          if (last?.beatAt !== status.beatAt) return void this.seen.set(key, { beatAt: status.beatAt, since: now });
          const silentMs = now - last.since;
          if (silentMs <= this.settings.limitMs) return;
          this.seen.delete(key);
          const reason = `stopped answering: no sign of life for ${Math.round(silentMs / 1000)} s (its event loop is stuck, or its process stopped); replaced`;
          this.deps.logger.warn("step runner stopped answering; replacing it", { flowId, stepId, replica, silentMs });
          // its status goes with it: the replacement writes its own
          await this.deps.redis.hdel(keys.runners(flowId), `${stepId}.${replica}`);
          await this.deps.supervisor.replaceUnresponsive({ flowId, stepId, replica, reason });
        }),
      );
    }
  }
}
