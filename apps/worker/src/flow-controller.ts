import { type Db, type EncryptionKey, getFlowById, listFlowsInStates, recordTransition } from "@interflow/db";
import { pollingTriggerOf } from "@interflow/components";
import { type FlowDocument, type FlowEvent, type FlowState, nextState } from "@interflow/flow";
import {
  type Deployment,
  flowQueuePrefix,
  keys,
  type QueueLimits,
  type Redis,
  type Route,
  runnerStatusSchema,
} from "@interflow/queue";
import { Queue } from "bullmq";
import type { CustomComponents } from "./custom-components";
import { buildDeployment, expectedReplicas, queueLimitsOf, routeOf, withReplicaOverrides } from "./deployment";
import { type CredentialedDeployment, type SealedDeployment, sealStepCredentials } from "./step-credentials";
import { schedulePolls, unschedulePolls } from "./poll-schedule";
import type { RunnerSupervisor } from "./supervisor";

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

type LoadedFlow = NonNullable<Awaited<ReturnType<typeof getFlowById>>>;
type LoadedFlowRecord = Awaited<ReturnType<typeof listFlowsInStates>>[number];

/**
 * Carries out start and stop for flows and brings every flow back to a consistent state after a
 * restart. The only code that changes a flow's runtime state; every change is a stored transition.
 */
export class FlowController {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly deps: {
      db: Db;
      redis: Redis;
      supervisor: RunnerSupervisor;
      logger: Logger;
      startTimeoutMs: number;
      /** opens the credentials steps sign in with (null: flows whose steps name one do not start) */
      encryptionKey: EncryptionKey | null;
      /** the workspaces' custom components: their images and code */
      customComponents: CustomComponents;
    },
  ) {}

  /** Whether the flow's trigger polls its source on a schedule (a built-in's or a custom component's). */
  polls(flow: { workspaceId: string; document: FlowDocument }): boolean {
    return pollingTriggerOf(flow.document, this.deps.customComponents.componentsFor(flow.workspaceId)) !== null;
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

  start(flowId: string, cause: string): Promise<void> {
    return this.exclusive(flowId, async () => {
      const flow = await getFlowById(this.deps.db, { flowId });
      if (!flow) return this.deps.logger.warn("start of an unknown flow ignored", { flowId });
      if (flow.state === "stopped") await this.move(flow, "start", cause);
      if (flow.state !== "starting") return this.deps.logger.info("start ignored", { flowId, state: flow.state });
      await this.bringUp(flow);
    });
  }

  stop(flowId: string, cause: string): Promise<void> {
    return this.exclusive(flowId, async () => {
      const flow = await getFlowById(this.deps.db, { flowId });
      if (!flow) return this.deps.logger.warn("stop of an unknown flow ignored", { flowId });
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
    const prepared = await this.prepare(flow);
    if (!prepared.ok) {
      await this.move(flow, "stop", prepared.problem);
      await this.tearDown(flow);
      return;
    }
    const deployment = await this.launch(prepared, flow);
    const missing = await this.waitForRunners(deployment, since);
    if (missing.length > 0) {
      await this.move(flow, "stop", `step runners did not come up within ${this.deps.startTimeoutMs} ms: ${this.describeMissing(flow.id, missing)}`);
      await this.tearDown(flow);
      return;
    }
    await this.publishRoute(deployment, queueLimitsOf(flow));
    const count = expectedReplicas(deployment).length;
    await this.move(flow, "step-runners-up", `all ${count} step runner${count === 1 ? "" : "s"} up and consuming`);
  }

  /**
   * running|sleeping → suspending → suspended: the gateway answers 503, runners stop, every queued
   * message is kept for resume. Also finishes a suspension a worker restart interrupted.
   */
  suspend(flowId: string, cause: string): Promise<void> {
    return this.exclusive(flowId, async () => {
      const flow = await getFlowById(this.deps.db, { flowId });
      if (!flow) return this.deps.logger.warn("suspend of an unknown flow ignored", { flowId });
      if (flow.state === "running" || flow.state === "sleeping") await this.move(flow, "suspend", cause);
      if (flow.state !== "suspending") return this.deps.logger.info("suspend ignored", { flowId, state: flow.state });
      await this.suspendDown(flow);
    });
  }

  /** suspended → running: the runners come back and take the kept messages; the gateway accepts again. */
  resume(flowId: string, cause: string): Promise<void> {
    return this.exclusive(flowId, async () => {
      const flow = await getFlowById(this.deps.db, { flowId });
      if (!flow) return this.deps.logger.warn("resume of an unknown flow ignored", { flowId });
      if (flow.state !== "suspended") return this.deps.logger.info("resume ignored", { flowId, state: flow.state });
      // runners that cannot start leave it suspended with its messages kept: try again, or stop it
      const deployment = await this.startRunners(flow);
      // what the queues hold now may stay over their limits while they drain: the monitor suspends
      // again only past these levels (the mark lapses after a day)
      await this.deps.redis.set(keys.draining(flow.id), JSON.stringify(await this.deps.redis.hgetall(keys.backlog(flow.id))), "EX", 86_400);
      await this.move(flow, "resume", cause);
      await this.publishRoute(deployment, queueLimitsOf(flow));
    });
  }

  /**
   * A queue grew over its limit from the steps' own emits: suspending → suspended (messages kept),
   * or in a limited workspace stopping → stopped (messages dropped).
   */
  limitExceeded(flowId: string, cause: string): Promise<void> {
    return this.exclusive(flowId, async () => {
      const flow = await getFlowById(this.deps.db, { flowId });
      if (!flow || (flow.state !== "running" && flow.state !== "sleeping")) return;
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
    return this.exclusive(flowId, async () => {
      const flow = await getFlowById(this.deps.db, { flowId });
      if (flow?.state !== "running" || !nextState("running", "idle", { flowType: flow.type, limitedWorkspace: flow.workspaceLimited })) return;
      // a polling flow has work on its schedule: it does not sleep between runs
      if (this.polls(flow)) return;
      await this.publishRouteOf(flow, "sleeping");
      await this.stopRunners(flow);
      await this.move(flow, "idle", cause);
      if ((await this.countQueued(flow)) > 0) await this.wakeUp(flow, "messages arrived while it fell asleep");
    });
  }

  /** sleeping → running: a webhook (or schedule) arrived; the runners come back and take it. */
  wake(flowId: string, cause: string): Promise<void> {
    return this.exclusive(flowId, async () => {
      const flow = await getFlowById(this.deps.db, { flowId });
      if (flow?.state !== "sleeping") return;
      await this.wakeUp(flow, cause);
    });
  }

  private async wakeUp(flow: LoadedFlow, cause: string): Promise<void> {
    const deployment = await this.startRunners(flow);
    await this.move(flow, "wake", cause);
    await this.publishRoute(deployment, queueLimitsOf(flow));
  }

  /**
   * A flow suspended for longer than the retention period: its kept messages are dropped and
   * counted (in the flow's stats, `retention.dropped`); it stays suspended.
   */
  expireKept(flowId: string, retentionMs: number): Promise<number> {
    return this.exclusive(flowId, async () => {
      const flow = await getFlowById(this.deps.db, { flowId });
      if (flow?.state !== "suspended" || Date.now() - flow.stateChangedAt.getTime() < retentionMs) return 0;
      const dropped = await this.dropQueues(flow);
      await this.deps.redis.del(keys.backlog(flow.id));
      if (dropped > 0) {
        await this.deps.redis.hincrby(keys.stats(flow.id), "retention.dropped", dropped);
        this.deps.logger.warn("kept messages of a suspended flow dropped after the retention period", { flowId, dropped });
      }
      return dropped;
    });
  }

  /**
   * The flow's current version as its runners read it, each step's credential sealed for that
   * step's runners (see step-credentials.ts); or why a step's credential cannot be used. Changes nothing.
   */
  private async prepare(flow: LoadedFlow | LoadedFlowRecord): Promise<CredentialedDeployment> {
    const built = withReplicaOverrides(buildDeployment(flow), await this.deps.redis.hgetall(keys.replicaOverrides(flow.id)));
    const resolved = await this.deps.customComponents.resolve(built);
    if (!resolved.ok) return resolved;
    const deployment = resolved.deployment;
    return sealStepCredentials(this.deps.db, { deployment, document: flow.document, encryptionKey: this.deps.encryptionKey, redis: this.deps.redis });
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
        const deployment = await this.launch(await this.prepareOrThrow(flow), flow);
        // the replicas added: each must report itself consuming
        const added = Array.from({ length: replicas }, (_, r) => `${stepId}.${r}`).filter((field) => !up.has(field));
        const missing = await this.waitForRunners(deployment, since, added);
        if (missing.length > 0) throw new Error(`flow ${flowId}: replicas did not come up within ${this.deps.startTimeoutMs} ms: ${this.describeMissing(flowId, missing)}`);
      }
      this.deps.logger.info("step scaled", { flowId, stepId, replicas, cause });
    });
  }

  /** Writes the deployment where runners read it and starts the missing runners, each step's key to its runners only. */
  private async launch(prepared: SealedDeployment, flow: { id: string; document: FlowDocument }): Promise<Deployment> {
    await this.deps.redis.set(keys.deployment(prepared.deployment.flowId), JSON.stringify(prepared.deployment));
    await this.deps.supervisor.ensure(prepared.deployment, prepared.stepEnv);
    // a polling trigger runs on the flow's schedule while its runners run
    await schedulePolls(this.deps.redis, flow, this.deps.customComponents.componentsFor(prepared.deployment.workspaceId));
    return prepared.deployment;
  }

  /** The prepared deployment, or an error saying why a step's credential cannot be used. */
  private async prepareOrThrow(flow: LoadedFlow | LoadedFlowRecord): Promise<SealedDeployment> {
    const prepared = await this.prepare(flow);
    if (!prepared.ok) throw new Error(`flow ${flow.id}: ${prepared.problem}`);
    return prepared;
  }

  /** Starts the flow's runners and waits until each consumes; on failure releases them and throws. */
  private async startRunners(flow: LoadedFlow, prepared?: SealedDeployment): Promise<Deployment> {
    const since = Date.now();
    const deployment = await this.launch(prepared ?? (await this.prepareOrThrow(flow)), flow);
    const missing = await this.waitForRunners(deployment, since);
    if (missing.length > 0) {
      await this.stopRunners(flow);
      throw new Error(`flow ${flow.id}: step runners did not come up within ${this.deps.startTimeoutMs} ms: ${this.describeMissing(flow.id, missing)}`);
    }
    return deployment;
  }

  /**
   * A new version of a running or sleeping flow was published: its runners restart on it (letting
   * the messages in hand finish first); queues, state and route stay, so nothing is dropped.
   */
  redeploy(flowId: string, cause: string): Promise<void> {
    return this.exclusive(flowId, async () => {
      const flow = await getFlowById(this.deps.db, { flowId });
      if (flow?.state !== "running" && flow?.state !== "sleeping") return;
      if (flow.state === "sleeping") {
        const deployment = buildDeployment(flow);
        await this.deps.redis.set(keys.deployment(flow.id), JSON.stringify(deployment));
        await this.publishRoute(deployment, queueLimitsOf(flow), "sleeping");
      } else {
        // credentials checked before the old runners stop: a step that cannot sign in any more
        // leaves the flow running on its previous version, and the command fails saying why
        const prepared = await this.prepareOrThrow(flow);
        await this.stopRunners(flow);
        const deployment = await this.startRunners(flow, prepared);
        await this.publishRoute(deployment, queueLimitsOf(flow));
      }
      this.deps.logger.info("flow redeployed", { flowId, version: flow.version, cause });
    });
  }

  /** suspending → suspended: route answers 503, runners stopped, queues (and their backlog count) kept */
  private async suspendDown(flow: LoadedFlow): Promise<void> {
    await this.publishRouteOf(flow, "suspended");
    await this.stopRunners(flow);
    const kept = await this.countQueued(flow);
    await this.move(flow, "runners-stopped", `runners stopped; ${kept} message${kept === 1 ? "" : "s"} kept for resume`);
  }

  /** stopping → stopped: runners stopped, webhook route removed, unprocessed messages dropped */
  private async tearDown(flow: LoadedFlow): Promise<void> {
    const { redis, supervisor } = this.deps;
    await redis.hdel(keys.routes, flow.id);
    await redis.publish(keys.routesChannel, flow.id);
    await unschedulePolls(redis, flow);
    await supervisor.release(flow.id);
    const dropped = await this.dropQueues(flow);
    await redis.del(keys.deployment(flow.id), keys.runners(flow.id), keys.backlog(flow.id), keys.draining(flow.id), keys.replicaOverrides(flow.id));
    await this.move(flow, "runners-stopped", `runners stopped; ${dropped} unprocessed message${dropped === 1 ? "" : "s"} dropped`);
  }

  /** Stops the flow's runners (each finishes the messages in hand) and forgets their status. */
  private async stopRunners(flow: { id: string; document: FlowDocument }): Promise<void> {
    await unschedulePolls(this.deps.redis, flow);
    await this.deps.supervisor.release(flow.id);
    await this.deps.redis.del(keys.runners(flow.id));
  }

  /** Publishes the route of the flow's current version with its limits, in `state`. */
  private publishRouteOf(flow: LoadedFlow, state: Route["state"]): Promise<void> {
    return this.publishRoute(buildDeployment(flow), queueLimitsOf(flow), state);
  }

  private async publishRoute(deployment: Deployment, limits: QueueLimits, state: Route["state"] = "running"): Promise<void> {
    await this.deps.redis.hset(keys.routes, deployment.flowId, JSON.stringify({ ...routeOf(deployment, limits), state }));
    await this.deps.redis.publish(keys.routesChannel, deployment.flowId);
  }

  /** "deliver.0 (out of memory: killed at its 32 MiB limit), …": the replicas and why they last exited */
  private describeMissing(flowId: string, missing: string[]): string {
    return missing
      .map((field) => {
        const dot = field.lastIndexOf(".");
        const why = this.deps.supervisor.lastExitOf(flowId, field.slice(0, dot), Number(field.slice(dot + 1)));
        return why ? `${field} (${why})` : field;
      })
      .join(", ");
  }

  /** replicas of the deployment not yet reporting as consuming (reports older than `since` are stale) */
  private async waitForRunners(deployment: Deployment, since: number, only?: string[]): Promise<string[]> {
    const expected = only ?? expectedReplicas(deployment);
    const deadline = Date.now() + this.deps.startTimeoutMs;
    for (;;) {
      const statuses = await this.deps.redis.hgetall(keys.runners(deployment.flowId));
      const missing = expected.filter((field) => {
        const status = statuses[field] ? runnerStatusSchema.safeParse(JSON.parse(statuses[field])) : undefined;
        if (!status?.success) return true;
        return status.data.flowVersion !== deployment.flowVersion || Date.parse(status.data.startedAt) < since - 1_000;
      });
      if (missing.length === 0 || Date.now() > deadline) return missing;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * How many messages wait in the flow's step queues (`drop`: and empties them). Reads the jobs a
   * page at a time and only their message counts: queues at their limits hold tens of thousands.
   */
  private async countQueued(flow: LoadedFlow, drop = false): Promise<number> {
    const PAGE = 500;
    let count = 0;
    for (const node of flow.document.nodes) {
      const queue = new Queue(node.id, { connection: this.deps.redis, prefix: flowQueuePrefix(flow.id) });
      try {
        for (const type of ["waiting", "delayed", "prioritized", "active", "waiting-children"] as const) {
          for (let start = 0; ; start += PAGE) {
            const jobs = await queue.getJobs([type], start, start + PAGE - 1, true);
            for (const job of jobs) {
              const messages = (job?.data as { messages?: unknown } | undefined)?.messages;
              count += Array.isArray(messages) ? messages.length : 1;
            }
            if (jobs.length < PAGE) break;
          }
        }
        if (drop) await queue.obliterate({ force: true });
      } finally {
        await queue.close();
      }
    }
    return count;
  }

  /** Empties every step queue of the flow; returns how many messages were in them. */
  private async dropQueues(flow: LoadedFlow): Promise<number> {
    const dropped = await this.countQueued(flow, true);
    // what obliterate leaves: the step jobs' deduplication keys and the runners' counted-once marks
    for (const match of [`${flowQueuePrefix(flow.id)}:*:de:*`, `${flowQueuePrefix(flow.id)}:counted:*`]) {
      for await (const found of this.deps.redis.scanStream({ match, count: 500 })) {
        if ((found as string[]).length > 0) await this.deps.redis.unlink(...(found as string[]));
      }
    }
    return dropped;
  }

  /**
   * a running flow after a worker restart: its deployment (of its current version, also when a
   * redeploy was cut short), runners and route as they should be. Its steps' credentials are sealed
   * again: the keys of the stored deployment went with the worker that made them.
   */
  private async reattach(record: LoadedFlowRecord): Promise<void> {
    const deployment = await this.launch(await this.prepareOrThrow(record), record);
    await this.publishRoute(deployment, queueLimitsOf(record));
    this.deps.logger.info("running flow reconciled", { flowId: record.id });
  }

  /** a suspended or sleeping flow after a worker restart: no runners, its route as its state says, its queues untouched */
  private async keepDown(record: LoadedFlowRecord, state: "suspended" | "sleeping"): Promise<void> {
    await this.stopRunners(record);
    await this.publishRouteOf(record, state);
    // a worker that died while the flow fell asleep may have left messages nobody wakes it for
    if (state === "sleeping" && (await this.countQueued(record)) > 0) await this.wakeUp(record, "messages waiting after a worker restart");
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
    const routes = await redis.hkeys(keys.routes);
    for (const flowId of routes) {
      if (!live.has(flowId)) {
        await redis.hdel(keys.routes, flowId);
        await redis.publish(keys.routesChannel, flowId);
      }
    }
  }
}
