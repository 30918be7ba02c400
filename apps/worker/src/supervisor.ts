import type { Deployment } from "@interflow/queue";
import { type RunnerExit, type RunnerInfo, runnerKey, type StepRuntime } from "@interflow/runtime";

export interface SupervisorEvents {
  onRestart(info: { flowId: string; stepId: string; replica: number; delayMs: number; exit: RunnerExit }): void;
}

interface Desired {
  deployment: Deployment;
  /** environment of this step's runners only (its credential key), beside what `envFor` gives every runner */
  stepEnv: Record<string, string>;
  stepId: string;
  replica: number;
  failures: number;
  lastStart: number;
}

const MAX_RESTART_DELAY_MS = 30_000;
const HEALTHY_AFTER_MS = 60_000;

/**
 * Keeps the wanted step replicas running through a StepRuntime, like a container restart policy:
 * a runner that exits without being asked to is started again, with growing delays while it keeps
 * crashing.
 */
export class RunnerSupervisor {
  private readonly desired = new Map<string, Desired>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly runtime: StepRuntime,
    private readonly envFor: (deployment: Deployment, stepId: string, replica: number) => Record<string, string>,
    private readonly events: SupervisorEvents,
  ) {
    runtime.onExit((exit) => this.handleExit(exit));
  }

  /**
   * Starts every replica of the deployment that is not running yet. `stepEnv` is the extra
   * environment of each step's runners, by step id: kept while the flow is wanted (a crashed
   * replica comes back with it), forgotten on release.
   */
  async ensure(deployment: Deployment, stepEnv: Record<string, Record<string, string>> = {}): Promise<void> {
    const running = new Set((await this.runtime.list({ flowId: deployment.flowId })).map((r) => runnerKey(r)));
    const starts: Array<Promise<RunnerInfo>> = [];
    for (const step of Object.values(deployment.steps)) {
      for (let replica = 0; replica < step.replicas; replica++) {
        const key = runnerKey({ flowId: deployment.flowId, stepId: step.id, replica });
        const entry = this.desired.get(key);
        this.desired.set(key, { deployment, stepEnv: stepEnv[step.id] ?? {}, stepId: step.id, replica, failures: entry?.failures ?? 0, lastStart: Date.now() });
        if (!running.has(key) && !this.timers.has(key)) starts.push(this.startReplica(key));
      }
    }
    await Promise.all(starts);
  }

  /** Stops every runner of the flow and forgets it. */
  async release(flowId: string): Promise<void> {
    for (const [key, entry] of this.desired) {
      if (entry.deployment.flowId !== flowId) continue;
      this.desired.delete(key);
      clearTimeout(this.timers.get(key));
      this.timers.delete(key);
    }
    const runners = await this.runtime.list({ flowId });
    await Promise.all(runners.map((r) => this.runtime.stop(r.id)));
  }

  private startReplica(key: string): Promise<RunnerInfo> {
    const entry = this.desired.get(key);
    if (!entry) throw new Error(`no desired runner ${key}`);
    entry.lastStart = Date.now();
    const { deployment, stepEnv, stepId, replica } = entry;
    return this.runtime.start({
      workspaceId: deployment.workspaceId,
      flowId: deployment.flowId,
      flowVersion: deployment.flowVersion,
      stepId,
      replica,
      env: { ...this.envFor(deployment, stepId, replica), ...stepEnv },
    });
  }

  private handleExit(exit: RunnerExit): void {
    const key = runnerKey(exit.runner);
    const entry = this.desired.get(key);
    if (exit.requested || !entry) return;
    entry.failures = Date.now() - entry.lastStart > HEALTHY_AFTER_MS ? 1 : entry.failures + 1;
    const delayMs = Math.min(500 * 2 ** (entry.failures - 1), MAX_RESTART_DELAY_MS);
    this.events.onRestart({ flowId: entry.deployment.flowId, stepId: entry.stepId, replica: entry.replica, delayMs, exit });
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (this.desired.has(key)) this.startReplica(key).catch(() => this.handleExit({ ...exit, code: -1 }));
      }, delayMs),
    );
  }

  async close(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.desired.clear();
    await this.runtime.close();
  }
}
