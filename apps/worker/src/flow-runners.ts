import type { Db, EncryptionKey, getFlowById, listFlowsInStates } from "@interflow/db";
import type { FlowDocument } from "@interflow/flow";
import { type Deployment, keys, type Redis, runnerStatusSchema } from "@interflow/queue";
import type { CustomComponents } from "./custom-components";
import { buildDeployment, expectedReplicas, withReplicaOverrides } from "./deployment";
import { schedulePolls, unschedulePolls } from "./poll-schedule";
import { type CredentialedDeployment, type SealedDeployment, sealStepCredentials } from "./step-credentials";
import type { RunnerRedisUsers } from "./runner-redis-users";
import type { RunnerSupervisor } from "./supervisor";

export type LoadedFlow = NonNullable<Awaited<ReturnType<typeof getFlowById>>>;
export type LoadedFlowRecord = Awaited<ReturnType<typeof listFlowsInStates>>[number];

/**
 * A flow's step runners: its deployment prepared (credentials sealed per step), written where
 * runners read it, the runners started through the supervisor and awaited until each consumes, or
 * stopped. The flow controller decides when; this knows how.
 */
export class FlowRunners {
  constructor(
    private readonly deps: {
      db: Db;
      redis: Redis;
      supervisor: RunnerSupervisor;
      startTimeoutMs: number;
      encryptionKey: EncryptionKey | null;
      customComponents: CustomComponents;
      redisUsers: RunnerRedisUsers;
    },
  ) {}

  /**
   * The flow's current version as its runners read it, each step's credential sealed for that
   * step's runners (see step-credentials.ts); or why a step's credential cannot be used. Changes nothing.
   */
  async prepare(flow: LoadedFlow | LoadedFlowRecord): Promise<CredentialedDeployment> {
    const built = withReplicaOverrides(buildDeployment(flow), await this.deps.redis.hgetall(keys.replicaOverrides(flow.id)));
    const resolved = await this.deps.customComponents.resolve(built);
    if (!resolved.ok) return resolved;
    const deployment = resolved.deployment;
    return sealStepCredentials(this.deps.db, { deployment, document: flow.document, encryptionKey: this.deps.encryptionKey, redis: this.deps.redis });
  }

  /** The prepared deployment, or an error saying why a step's credential cannot be used. */
  async prepareOrThrow(flow: LoadedFlow | LoadedFlowRecord): Promise<SealedDeployment> {
    const prepared = await this.prepare(flow);
    if (!prepared.ok) throw new Error(`flow ${flow.id}: ${prepared.problem}`);
    return prepared;
  }

  /**
   * Writes the deployment where runners read it and starts the missing runners, each step's key to
   * its runners only, and every runner of the flow signing in to Redis as the flow's own user.
   */
  async launch(prepared: SealedDeployment, flow: { id: string; document: FlowDocument }): Promise<Deployment> {
    const { deployment } = prepared;
    await this.deps.redis.set(keys.deployment(deployment.flowId), JSON.stringify(deployment));
    const access = await this.deps.redisUsers.ensure(deployment.flowId);
    const secrets = Object.fromEntries(
      Object.keys(deployment.steps).map((stepId) => [stepId, { ...prepared.stepSecrets[stepId], ...(access.password ? { redisPassword: access.password } : {}) }]),
    );
    await this.deps.supervisor.ensure(deployment, secrets);
    // a polling trigger runs on the flow's schedule while its runners run
    await schedulePolls(this.deps.redis, flow, this.deps.customComponents.componentsFor(prepared.deployment.workspaceId));
    return deployment;
  }

  /** Starts the flow's runners and waits until each consumes; on failure releases them and throws. */
  async start(flow: LoadedFlow, prepared?: SealedDeployment): Promise<Deployment> {
    const since = Date.now();
    const deployment = await this.launch(prepared ?? (await this.prepareOrThrow(flow)), flow);
    const missing = await this.waitFor(deployment, since);
    if (missing.length > 0) {
      await this.stop(flow);
      throw new Error(`flow ${flow.id}: step runners did not come up within ${this.deps.startTimeoutMs} ms: ${this.describeMissing(flow.id, missing)}`);
    }
    return deployment;
  }

  /** Stops the flow's runners (each finishes the messages in hand) and forgets their status. */
  async stop(flow: { id: string; document: FlowDocument }): Promise<void> {
    await unschedulePolls(this.deps.redis, flow);
    await this.deps.supervisor.release(flow.id);
    await this.deps.redisUsers.remove(flow.id);
    await this.deps.redis.del(keys.runners(flow.id));
  }

  /** "deliver.0 (out of memory: killed at its 32 MiB limit), …": the replicas and why they last exited */
  describeMissing(flowId: string, missing: string[]): string {
    return missing
      .map((field) => {
        const dot = field.lastIndexOf(".");
        const why = this.deps.supervisor.lastExitOf(flowId, field.slice(0, dot), Number(field.slice(dot + 1)));
        return why ? `${field} (${why})` : field;
      })
      .join(", ");
  }

  /** replicas of the deployment not yet reporting as consuming (reports older than `since` are stale) */
  async waitFor(deployment: Deployment, since: number, only?: string[]): Promise<string[]> {
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
}
