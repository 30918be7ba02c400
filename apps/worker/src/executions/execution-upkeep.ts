import { type Db, listFlowsInStates, sweepRetention } from "@interflow/db";
import { keys, type Redis } from "@interflow/queue";
import type { Logger } from "../flow-controller";
import { moveFailedJobs, moveLegacyErrors } from "./failed-jobs";

export interface UpkeepSettings {
  /** how often the step queues' failed sets are emptied into the failed messages */
  failedJobsEveryMs: number;
  /** how often retention and row caps are applied */
  retentionEveryMs: number;
}

const DEFAULTS: UpkeepSettings = { failedJobsEveryMs: 5_000, retentionEveryMs: 60_000 };

/**
 * The leader's upkeep of executions and failed messages: jobs that failed for good become failed
 * messages (nothing stays unseen in a failed set), and the retention sweep keeps the tables within
 * each workspace's days and row cap, counting failed messages removed unresolved on their flow.
 */
export class ExecutionUpkeep {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private lastSweep = 0;
  private lastFailedJobs = 0;
  private readonly legacyChecked = new Set<string>();
  private readonly settings: UpkeepSettings;

  constructor(
    private readonly deps: { db: Db; redis: Redis; logger: Logger },
    settings: Partial<UpkeepSettings> = {},
  ) {
    this.settings = { ...DEFAULTS, ...settings };
  }

  start(): void {
    const every = Math.min(this.settings.failedJobsEveryMs, this.settings.retentionEveryMs);
    this.timer = setInterval(() => {
      this.ticking ??= this.tick().finally(() => {
        this.ticking = undefined;
      });
    }, every);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
  }

  async tick(now = Date.now()): Promise<void> {
    const { db, redis, logger } = this.deps;
    if (now - this.lastFailedJobs >= this.settings.failedJobsEveryMs) {
      this.lastFailedJobs = now;
      const flows = await listFlowsInStates(db, { states: ["running", "sleeping", "suspended", "stopping", "suspending"] }).catch(() => []);
      for (const flow of flows) {
        try {
          if (!this.legacyChecked.has(flow.id)) {
            const legacy = await moveLegacyErrors(redis, flow);
            if (legacy > 0) logger.info("failed messages of an earlier version moved to the failed messages", { flowId: flow.id, messages: legacy });
            this.legacyChecked.add(flow.id);
          }
          const moved = await moveFailedJobs(redis, flow);
          if (moved > 0) logger.warn("messages of batches that failed for good moved to the failed messages", { flowId: flow.id, messages: moved });
        } catch (error) {
          logger.error("failed jobs could not be moved", { flowId: flow.id, error: (error as Error).message });
        }
      }
    }
    if (now - this.lastSweep >= this.settings.retentionEveryMs) {
      this.lastSweep = now;
      try {
        const swept = await sweepRetention(db, { now: new Date(now) });
        for (const [flowId, count] of swept.expiredUnresolved) await redis.hincrby(keys.stats(flowId), "retention.failedExpired", count);
        if (swept.executions + swept.bodies + swept.failedMessages + swept.trimmed + swept.orphans > 0) {
          const { expiredUnresolved, ...counts } = swept;
          logger.info("retention applied", { ...counts, failedExpiredUnresolved: [...expiredUnresolved.values()].reduce((a, b) => a + b, 0) });
        }
      } catch (error) {
        logger.error("retention could not be applied", { error: (error as Error).message });
      }
    }
  }
}
