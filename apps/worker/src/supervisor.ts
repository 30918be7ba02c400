import { type Deployment, type RunnerSecrets, SECRETS_ON_STDIN_VARIABLE } from "@interflow/queue";
import { describeExit, type RunnerExit, type RunnerInfo, runnerKey, type StepRuntime } from "@interflow/runtime";

export interface SupervisorEvents {
  onRestart(info: { flowId: string; stepId: string; replica: number; delayMs: number; exit: RunnerExit }): void;
  /** a replica that stopped answering was replaced */
  onUnresponsive?(info: { flowId: string; stepId: string; replica: number; reason: string }): void;
}

interface Desired {
  deployment: Deployment;
  /** what this step's runners only get, on their stdin (its credential key) */
  secrets: RunnerSecrets;
  stepId: string;
  replica: number;
  failures: number;
  lastStart: number;
}

const MAX_RESTART_DELAY_MS = 30_000;
/** a replica that stopped answering gets this long to stop before it is killed */
const UNRESPONSIVE_STOP_MS = 2_000;
const HEALTHY_AFTER_MS = 60_000;

/**
 * Keeps the wanted step replicas running through a StepRuntime, like a container restart policy:
 * a runner that exits without being asked to is started again, with growing delays while it keeps
 * crashing.
 */
export class RunnerSupervisor {
  private readonly desired = new Map<string, Desired>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** why each replica last exited unasked (out of memory, an exit code), while its flow is wanted */
  private readonly lastExits = new Map<string, string>();

  constructor(
    private readonly runtime: StepRuntime,
    private readonly envFor: (deployment: Deployment, stepId: string, replica: number) => Record<string, string>,
    private readonly events: SupervisorEvents,
    /** the longest wait before a crashing runner is started again */
    private readonly maxRestartDelayMs = MAX_RESTART_DELAY_MS,
  ) {
    runtime.onExit((exit) => this.handleExit(exit));
  }

  /**
   * Starts every replica of the deployment that is not running yet. `stepSecrets` is what each
   * step's runners read on their stdin, by step id: kept while the flow is wanted (a crashed
   * replica comes back with it), forgotten on release.
   */
  async ensure(deployment: Deployment, stepSecrets: Record<string, RunnerSecrets> = {}): Promise<void> {
    const wanted = new Set<string>();
    for (const step of Object.values(deployment.steps)) {
      for (let replica = 0; replica < step.replicas; replica++) wanted.add(runnerKey({ flowId: deployment.flowId, stepId: step.id, replica }));
    }
    // fewer replicas than before, or runners of another version (a worker that went away while it
    // redeployed left them): stopped; the messages they hold go back to their queue
    const running = new Map<string, RunnerInfo>();
    const surplus: RunnerInfo[] = [];
    for (const runner of await this.runtime.list({ flowId: deployment.flowId })) {
      const key = runnerKey(runner);
      if (!wanted.has(key) || runner.flowVersion !== deployment.flowVersion || running.has(key)) surplus.push(runner);
      else running.set(key, runner);
    }
    for (const [key, entry] of this.desired) {
      if (entry.deployment.flowId === deployment.flowId && !wanted.has(key)) this.forget(key);
    }
    await Promise.all(surplus.map((runner) => this.runtime.stop(runner.id)));
    const starts: Array<Promise<RunnerInfo>> = [];
    for (const step of Object.values(deployment.steps)) {
      for (let replica = 0; replica < step.replicas; replica++) {
        const key = runnerKey({ flowId: deployment.flowId, stepId: step.id, replica });
        const entry = this.desired.get(key);
        this.desired.set(key, { deployment, secrets: stepSecrets[step.id] ?? {}, stepId: step.id, replica, failures: entry?.failures ?? 0, lastStart: Date.now() });
        if (!running.has(key) && !this.timers.has(key)) starts.push(this.startReplica(key));
      }
    }
    await Promise.all(starts);
  }

  /**
   * Stops every runner the runtime knows that no flow wants (after a worker restart: containers of
   * flows stopped meanwhile). Call once the wanted flows are ensured.
   */
  async stopUnwanted(): Promise<RunnerInfo[]> {
    const unwanted = (await this.runtime.list()).filter((runner) => !this.desired.has(runnerKey(runner)));
    await Promise.all(unwanted.map((runner) => this.runtime.stop(runner.id)));
    return unwanted;
  }

  /** The replicas wanted now, by flow: what the liveness watch looks at. */
  wanted(): Map<string, Array<{ stepId: string; replica: number }>> {
    const byFlow = new Map<string, Array<{ stepId: string; replica: number }>>();
    for (const entry of this.desired.values()) {
      const list = byFlow.get(entry.deployment.flowId) ?? [];
      list.push({ stepId: entry.stepId, replica: entry.replica });
      byFlow.set(entry.deployment.flowId, list);
    }
    return byFlow;
  }

  /**
   * Replaces a replica that stopped answering (its event loop is stuck, or its process stopped): it
   * is killed after a short grace and started again, counted as a restart with `reason`. The
   * messages it held go back to its queue when their locks expire (they may stall it again: then
   * they end as failed messages, as any message that takes its runner down).
   */
  async replaceUnresponsive(p: { flowId: string; stepId: string; replica: number; reason: string }): Promise<boolean> {
    const key = runnerKey(p);
    const entry = this.desired.get(key);
    if (!entry || this.timers.has(key)) return false;
    const stuck = (await this.runtime.list({ flowId: p.flowId })).filter((r) => runnerKey(r) === key);
    await Promise.all(stuck.map((r) => this.runtime.stop(r.id, { timeoutMs: UNRESPONSIVE_STOP_MS })));
    if (this.desired.get(key) !== entry) return false;
    this.lastExits.set(key, p.reason);
    this.events.onUnresponsive?.({ flowId: p.flowId, stepId: p.stepId, replica: p.replica, reason: p.reason });
    await this.startReplica(key);
    return true;
  }

  /** Why the replica last exited unasked, if it did since its flow was started. */
  lastExitOf(flowId: string, stepId: string, replica: number): string | undefined {
    return this.lastExits.get(runnerKey({ flowId, stepId, replica }));
  }

  private forget(key: string): void {
    this.desired.delete(key);
    this.lastExits.delete(key);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  /** Stops every runner of the flow and forgets it. */
  async release(flowId: string): Promise<void> {
    for (const [key, entry] of this.desired) {
      if (entry.deployment.flowId === flowId) this.forget(key);
    }
    const runners = await this.runtime.list({ flowId });
    await Promise.all(runners.map((r) => this.runtime.stop(r.id)));
  }

  private startReplica(key: string): Promise<RunnerInfo> {
    const entry = this.desired.get(key);
    if (!entry) throw new Error(`no desired runner ${key}`);
    entry.lastStart = Date.now();
    const { deployment, secrets, stepId, replica } = entry;
    const hasSecrets = Object.keys(secrets).length > 0;
    const custom = deployment.steps[stepId]?.custom;
    return this.runtime.start({
      workspaceId: deployment.workspaceId,
      flowId: deployment.flowId,
      flowVersion: deployment.flowVersion,
      stepId,
      replica,
      env: { ...this.envFor(deployment, stepId, replica), ...(hasSecrets ? { [SECRETS_ON_STDIN_VARIABLE]: "1" } : {}) },
      ...(hasSecrets ? { stdin: `${JSON.stringify(secrets)}\n` } : {}),
      resources: deployment.steps[stepId]?.resources,
      ...(custom ? { image: { name: custom.image, component: deployment.steps[stepId]?.component ?? stepId } } : {}),
    });
  }

  private handleExit(exit: RunnerExit): void {
    const key = runnerKey(exit.runner);
    const entry = this.desired.get(key);
    if (exit.requested || !entry) return;
    this.lastExits.set(key, describeExit(exit));
    entry.failures = Date.now() - entry.lastStart > HEALTHY_AFTER_MS ? 1 : entry.failures + 1;
    const delayMs = Math.min(500 * 2 ** (entry.failures - 1), this.maxRestartDelayMs);
    this.events.onRestart({ flowId: entry.deployment.flowId, stepId: entry.stepId, replica: entry.replica, delayMs, exit });
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (this.desired.has(key)) this.startReplica(key).catch(() => this.handleExit({ ...exit, code: -1 }));
      }, delayMs),
    );
  }

  /** Forgets every runner without stopping any (another leader takes them over). */
  detach(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.desired.clear();
  }

  async close(): Promise<void> {
    this.detach();
    await this.runtime.close();
  }
}
