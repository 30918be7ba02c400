import { type Db, type EncryptionKey, getFlowById, listFlowsInStates, recordTransition } from "@interflow/db";
import { pollingTriggerOf, pushTriggerOf } from "@interflow/components";
import { type FlowDocument, type FlowEvent, type FlowState, nextState } from "@interflow/flow";
import { keys, type Redis } from "@interflow/queue";
import type { CustomComponents } from "./custom-components";
import { buildDeployment, expectedReplicas } from "./deployment";
import { FlowQueues } from "./flow-queues";
import { FlowRoutes } from "./flow-routes";
import { FlowRunners, type LoadedFlow, type LoadedFlowRecord } from "./flow-runners";
import { RemovedSteps } from "./removed-steps";
import type { RunnerRedisUsers } from "./runner-redis-users";
import type { RunnerSupervisor } from "./supervisor";

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/**
 * Carries out start and stop for flows and brings every flow back to a consistent state after a
 * restart. The only code that changes a flow's runtime state; every change is a stored transition.
 */
export class FlowController {
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly runners: FlowRunners;
  private readonly routes: FlowRoutes;
  private readonly queues: FlowQueues;
  private readonly removed: RemovedSteps;

  constructor(
    private readonly deps: {
      db: Db;
      redis: Redis;
      supervisor: RunnerSupervisor;
      logger: Logger;
      startTimeoutMs: number;
      /** opens the credentials steps sign in with (null: flows whose steps name one do not start) */
      encryptionKey: EncryptionKey | null;
      /** seals webhooks' credentials for the gateways (route-auth.ts); null: authenticated webhooks are refused */
      webhookKey?: string | null;
      /** the workspaces' custom components: their images and code */
      customComponents: CustomComponents;
      /** the flows' runners' Redis users */
      redisUsers: RunnerRedisUsers;
      /** whether the gateways may hand webhooks straight to the trigger's next steps (INTERFLOW_DIRECT_ENTRY; default yes) */
      directEntry?: boolean;
      /** the executions' writer: told of a flow whose runners stopped, so it writes what they left */
      executions?: { watch(flowId: string): void };
    },
  ) {
    this.runners = new FlowRunners(deps);
    this.routes = new FlowRoutes({ redis: deps.redis, db: deps.db, encryptionKey: deps.encryptionKey, webhookKey: deps.webhookKey ?? null, directEntry: deps.directEntry ?? true });
    this.queues = new FlowQueues(deps.redis);
    this.removed = new RemovedSteps({ redis: deps.redis, queues: this.queues, routes: this.routes, executions: deps.executions });
  }

  /** Whether the flow's trigger polls its source on a schedule (a built-in's or a custom component's). */
  /** a polling flow has work on its schedule, a pushing one a subscription: neither waits for webhooks, so neither sleeps */
  worksOnItsOwn(flow: { workspaceId: string; document: FlowDocument }): boolean {
    const components = this.deps.customComponents.componentsFor(flow.workspaceId);
    return pollingTriggerOf(flow.document, components) !== null || pushTriggerOf(flow.document, components) !== null;
  }

  /** Runs `work` after any other work on the same flow (commands for one flow never interleave). */
  private exclusive<T>(flowId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(flowId) ?? Promise.resolve();
    const result = previous.catch(() => {}).then(work);
    const tail = result.catch(() => {});
    this.locks.set(flowId, tail);
    void tail.then(() => {
      if (this.locks.get(flowId) === tail) this.locks.delete(flowId);
    });
    return result;
  }

  private async move(flow: LoadedFlow, event: FlowEvent, cause: string): Promise<FlowState> {
    const to = nextState(flow.state, event, { flowType: flow.type, limitedWorkspace: flow.workspaceLimited });
    if (!to) throw new Error(`flow ${flow.id}: "${event}" is not possible while ${flow.state}`);
    await recordTransition(this.deps.db, { flowId: flow.id, from: flow.state, to, event, cause });
    this.deps.logger.info("flow state changed", { flowId: flow.id, from: flow.state, to, event, cause });
    flow.state = to;
    return to;
  }

  /** Runs `work` on the flow as the database has it now (nothing when it is gone). */
  private onFlow(flowId: string, what: string, work: (flow: LoadedFlow) => Promise<unknown>): Promise<void> {
    return this.exclusive(flowId, async () => {
      const flow = await getFlowById(this.deps.db, { flowId });
      if (!flow) return this.deps.logger.warn(`${what} of an unknown flow ignored`, { flowId });
      await work(flow);
    });
  }

  start(flowId: string, cause: string): Promise<void> {
    return this.onFlow(flowId, "start", async (flow) => {
      if (flow.state === "stopped") await this.move(flow, "start", cause);
      if (flow.state !== "starting") return this.deps.logger.info("start ignored", { flowId, state: flow.state });
      await this.bringUp(flow);
    });
  }

  stop(flowId: string, cause: string): Promise<void> {
    return this.onFlow(flowId, "stop", async (flow) => {
      if (flow.state !== "stopping") {
        if (!nextState(flow.state, "stop", { flowType: flow.type, limitedWorkspace: flow.workspaceLimited })) {
          return this.deps.logger.info("stop ignored", { flowId, state: flow.state });
        }
        await this.move(flow, "stop", cause);
      }
      await this.tearDown(flow);
    });
  }

  /**
   * starting → running once every step runner is up and consuming; back to stopped if they cannot
   * start, or if a step's credential cannot be used (the cause says which step, and why)
   */
  private async bringUp(flow: LoadedFlow): Promise<void> {
    const since = Date.now();
    // restarts shown are those of this run
    await this.deps.redis.del(keys.runnerRestarts(flow.id));
    const prepared = await this.runners.prepare(flow);
    if (!prepared.ok) {
      await this.move(flow, "stop", prepared.problem);
      await this.tearDown(flow);
      return;
    }
    const deployment = await this.runners.launch(prepared, flow);
    const missing = await this.runners.waitFor(deployment, since);
    if (missing.length > 0) {
      await this.move(flow, "stop", `step runners did not come up within ${this.deps.startTimeoutMs} ms: ${this.runners.describeMissing(flow.id, missing)}`);
      await this.tearDown(flow);
      return;
    }
    await this.routes.publish(flow, deployment);
    const count = expectedReplicas(deployment).length;
    await this.move(flow, "step-runners-up", `all ${plural(count, "step runner")} up and consuming`);
  }

  /**
   * running|sleeping → suspending → suspended: the gateway answers 503, runners stop, every queued
   * message is kept for resume. Also finishes a suspension a worker restart interrupted.
   */
  suspend(flowId: string, cause: string): Promise<void> {
    return this.onFlow(flowId, "suspend", async (flow) => {
      if (flow.state === "running" || flow.state === "sleeping") await this.move(flow, "suspend", cause);
      if (flow.state !== "suspending") return this.deps.logger.info("suspend ignored", { flowId, state: flow.state });
      await this.suspendDown(flow);
    });
  }

  /** suspended → running: the runners come back and take the kept messages; the gateway accepts again. */
  resume(flowId: string, cause: string): Promise<void> {
    return this.onFlow(flowId, "resume", async (flow) => {
      if (flow.state !== "suspended") return this.deps.logger.info("resume ignored", { flowId, state: flow.state });
      // runners that cannot start leave it suspended with its messages kept: try again, or stop it
      const deployment = await this.runners.start(flow);
      // what the queues hold now may stay over their limits while they drain: the monitor suspends
      // again only past these levels (the mark lapses after a day)
      await this.deps.redis.set(keys.draining(flow.id), JSON.stringify(await this.deps.redis.hgetall(keys.backlog(flow.id))), "EX", 86_400);
      await this.move(flow, "resume", cause);
      await this.routes.publish(flow, deployment);
    });
  }

  /**
   * A queue grew over its limit from the steps' own emits: suspending → suspended (messages kept),
   * or in a limited workspace stopping → stopped (messages dropped).
   */
  limitExceeded(flowId: string, cause: string): Promise<void> {
    return this.onFlow(flowId, "limit", async (flow) => {
      if (flow.state !== "running" && flow.state !== "sleeping") return;
      const to = await this.move(flow, "limit-exceeded", cause);
      if (to === "suspending") await this.suspendDown(flow);
      else await this.tearDown(flow);
    });
  }

  /**
   * running → sleeping (ordinary flows whose queues stayed empty): the route turns to "sleeping"
   * first (webhooks from then on wake the flow), then the runners stop; queues and route stay. A
   * message that slipped in meanwhile wakes the flow at once, so none waits for the next webhook.
   */
  sleep(flowId: string, cause: string): Promise<void> {
    return this.onFlow(flowId, "sleep", async (flow) => {
      if (flow.state !== "running" || !nextState("running", "idle", { flowType: flow.type, limitedWorkspace: flow.workspaceLimited })) return;
      // a polling flow has work on its schedule, a pushing one its subscription: they do not sleep
      if (this.worksOnItsOwn(flow)) return;
      await this.routes.publishOf(flow, "sleeping");
      await this.runners.stop(flow);
      await this.move(flow, "idle", cause);
      if ((await this.queues.count(flow)) > 0) await this.wakeUp(flow, "messages arrived while it fell asleep");
    });
  }

  /** sleeping → running: a webhook (or schedule) arrived; the runners come back and take it. */
  wake(flowId: string, cause: string): Promise<void> {
    return this.onFlow(flowId, "wake", async (flow) => {
      if (flow.state === "sleeping") await this.wakeUp(flow, cause);
    });
  }

  private async wakeUp(flow: LoadedFlow, cause: string): Promise<void> {
    const deployment = await this.runners.start(flow);
    await this.move(flow, "wake", cause);
    await this.routes.publish(flow, deployment);
  }

  /**
   * A flow suspended for longer than the retention period: its kept messages are dropped and
   * counted (in the flow's stats, `retention.dropped`, and each in its execution); it stays suspended.
   */
  expireKept(flowId: string, retentionMs: number): Promise<number> {
    return this.exclusive(flowId, async () => {
      const flow = await getFlowById(this.deps.db, { flowId });
      if (flow?.state !== "suspended" || Date.now() - flow.stateChangedAt.getTime() < retentionMs) return 0;
      const dropped = await this.queues.drop(flow, `kept while the flow was suspended, and dropped after the retention period (${Math.round(retentionMs / 3_600_000)} h)`);
      await this.deps.redis.del(keys.backlog(flow.id));
      this.deps.executions?.watch(flow.id);
      if (dropped > 0) {
        await this.deps.redis.hincrby(keys.stats(flow.id), "retention.dropped", dropped);
        this.deps.logger.warn("kept messages of a suspended flow dropped after the retention period", { flowId, dropped });
      }
      return dropped;
    });
  }

  /**
   * Runs `replicas` instances of a step of a running flow from now on (a sleeping flow wakes with
   * them): the difference is started or stopped, the other runners go on untouched. Stopped
   * replicas finish the messages in hand; the rest stay queued for the others. The count holds
   * until the flow stops (a new version keeps it).
   */
  scale(flowId: string, stepId: string, replicas: number, cause: string): Promise<void> {
    return this.exclusive(flowId, async () => {
      const flow = await getFlowById(this.deps.db, { flowId });
      if ((flow?.state !== "running" && flow?.state !== "sleeping") || !flow.document.nodes.some((n) => n.id === stepId)) return;
      await this.deps.redis.hset(keys.replicaOverrides(flowId), stepId, String(replicas));
      if (flow.state === "running") {
        const since = Date.now();
        const up = new Set(Object.keys(await this.deps.redis.hgetall(keys.runners(flowId))));
        const deployment = await this.runners.launch(await this.runners.prepareOrThrow(flow), flow);
        // the replicas added: each must report itself consuming
        const added = Array.from({ length: replicas }, (_, r) => `${stepId}.${r}`).filter((field) => !up.has(field));
        const missing = await this.runners.waitFor(deployment, since, added);
        if (missing.length > 0) throw new Error(`flow ${flowId}: replicas did not come up within ${this.deps.startTimeoutMs} ms: ${this.runners.describeMissing(flowId, missing)}`);
      }
      this.deps.logger.info("step scaled", { flowId, stepId, replicas, cause });
    });
  }

  /**
   * A new version of a running, sleeping or suspended flow was published: running runners restart
   * on it (letting the messages in hand finish first); queues, state and route stay. Steps the new
   * version no longer has cannot take what waits in their queues: it is dropped, each message in
   * its execution, and counted in the transition's cause.
   */
  redeploy(flowId: string, cause: string): Promise<void> {
    return this.onFlow(flowId, "redeploy", async (flow) => {
      if (flow.state !== "running" && flow.state !== "sleeping" && flow.state !== "suspended") return;
      const removed = await this.removed.of(flow);
      if (flow.state === "running") {
        // credentials checked before the old runners stop: a step that cannot sign in any more
        // leaves the flow running on its previous version, and the command fails saying why
        const prepared = await this.runners.prepareOrThrow(flow);
        await this.runners.stop(flow);
        const dropped = await this.removed.drop(flow, removed, "running");
        const deployment = await this.runners.start(flow, prepared);
        await this.routes.publish(flow, deployment);
        await this.move(flow, "redeploy", `${cause}: runners restarted on it${dropped}`);
      } else {
        const deployment = buildDeployment(flow);
        const dropped = await this.removed.drop(flow, removed, flow.state);
        await this.deps.redis.set(keys.deployment(flow.id), JSON.stringify(deployment));
        await this.routes.publish(flow, deployment, flow.state);
        await this.move(flow, "redeploy", `${cause}${dropped}`);
      }
      this.deps.logger.info("flow redeployed", { flowId, version: flow.version, cause, removedSteps: removed });
    });
  }

  /** suspending → suspended: route answers 503, runners stopped, queues (and their backlog count) kept */
  private async suspendDown(flow: LoadedFlow): Promise<void> {
    await this.routes.publishOf(flow, "suspended");
    await this.runners.stop(flow);
    const kept = await this.queues.count(flow);
    await this.move(flow, "runners-stopped", `runners stopped; ${plural(kept, "message")} kept for resume`);
  }

  /** stopping → stopped: runners stopped, webhook route removed, unprocessed messages dropped (each in its execution) */
  private async tearDown(flow: LoadedFlow): Promise<void> {
    const { redis } = this.deps;
    await this.routes.remove(flow.id);
    await this.runners.stop(flow);
    const dropped = await this.queues.drop(flow, "the flow was stopped: its unprocessed messages are dropped");
    await redis.del(keys.deployment(flow.id), keys.runners(flow.id), keys.backlog(flow.id), keys.draining(flow.id), keys.replicaOverrides(flow.id));
    this.deps.executions?.watch(flow.id);
    await this.move(flow, "runners-stopped", `runners stopped; ${plural(dropped, "unprocessed message")} dropped`);
  }

  /**
   * a running flow after a worker restart: its deployment (of its current version, also when a
   * redeploy was cut short), runners and route as they should be. Its steps' credentials are sealed
   * again: the keys of the stored deployment went with the worker that made them.
   */
  private async reattach(record: LoadedFlowRecord): Promise<void> {
    const deployment = await this.runners.launch(await this.runners.prepareOrThrow(record), record);
    await this.routes.publish(record, deployment);
    this.deps.logger.info("running flow reconciled", { flowId: record.id });
  }

  /** a suspended or sleeping flow after a worker restart: no runners, its route as its state says, its queues untouched */
  private async keepDown(record: LoadedFlowRecord, state: "suspended" | "sleeping"): Promise<void> {
    await this.runners.stop(record);
    await this.routes.publishOf(record, state);
    // a worker that died while the flow fell asleep may have left messages nobody wakes it for
    if (state === "sleeping" && (await this.queues.count(record)) > 0) await this.wakeUp(record, "messages waiting after a worker restart");
  }

  /**
   * After a (re)start of the worker: finish interrupted transitions and make what runs match what
   * the database says — runners of running flows up, routes of stopped flows gone.
   */
  async reconcile(): Promise<void> {
    const { db, redis, logger } = this.deps;
    const flows = await listFlowsInStates(db, { states: ["starting", "running", "sleeping", "stopping", "suspending", "suspended"] });
    const live = new Set<string>();
    for (const record of flows) {
      live.add(record.id);
      // One flow that cannot be brought back must not keep the worker from the others.
      try {
        if (record.state === "starting") await this.start(record.id, "worker restarted during start");
        else if (record.state === "stopping") await this.stop(record.id, "worker restarted during stop");
        else if (record.state === "suspending") await this.suspend(record.id, "worker restarted during suspension");
        else if (record.state === "suspended") await this.exclusive(record.id, () => this.keepDown(record, "suspended"));
        else if (record.state === "sleeping") await this.exclusive(record.id, () => this.keepDown(record, "sleeping"));
        else await this.exclusive(record.id, () => this.reattach(record));
      } catch (error) {
        logger.error("flow could not be reconciled", { flowId: record.id, state: record.state, error: (error as Error).message });
      }
    }
    for (const flowId of await redis.hkeys(keys.routes)) {
      if (!live.has(flowId)) await this.routes.remove(flowId);
    }
  }
}
