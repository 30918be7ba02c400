import { randomBytes } from "node:crypto";
import type { Logger } from "./flow-controller";
import { createRedis, rememberSecrets, RUNNER_USERS_KEY, type Redis, redisUrlAs, redisUrlWithoutCredentials, runnerAclRules, runnerRedisUser } from "@interflow/queue";

/** What a flow's runners sign in with: REDIS_URL for their environment, the password for their stdin. */
export interface RunnerRedisAccess {
  url: string;
  password?: string;
}

/**
 * The Redis users of flows' runners (see packages/queue redis-access.ts): made when a flow's runners
 * start, deleted when they stop (Redis then closes whatever still signs in as them). Redis keeps
 * users in memory only: after Redis restarts, the users of the flows this worker runs are made
 * again as soon as it reconnects, with the same passwords, and the runners' own reconnections
 * succeed. Where the installation's Redis user may not manage users (an external Redis with a
 * narrower user, a Redis without ACLs), runners sign in as the platform does, and the worker says so
 * when it starts.
 */
export class RunnerRedisUsers {
  /** flow id → password, for the flows whose runners this worker started */
  private readonly passwords = new Map<string, string>();
  private enabled: boolean | undefined;

  constructor(
    private readonly deps: { redis: Redis; redisUrl: string; logger: Logger },
    private readonly options: { wanted: boolean },
  ) {}

  /**
   * Whether runners get users of their own; the first call finds out (and logs what it found). A
   * Redis that answers without a password is said at once: anyone who reaches it reads every flow.
   */
  async start(): Promise<boolean> {
    if (this.enabled !== undefined) return this.enabled;
    const { redis, logger } = this.deps;
    const where = redisUrlWithoutCredentials(this.deps.redisUrl);
    if (await this.answersWithoutPassword()) {
      logger.warn(`Redis at ${where} answers without a password: whoever reaches it reads and writes every flow's messages; give it one (requirepass, or ACL users) and put it in REDIS_URL`);
    }
    if (!this.options.wanted) {
      logger.warn("INTERFLOW_RUNNER_REDIS_USERS=0: step runners sign in to Redis as the platform does, and a runner can reach every flow's keys");
      this.enabled = false;
      return false;
    }
    try {
      const probe = `${runnerRedisUser("probe")}-${randomBytes(4).toString("hex")}`;
      await redis.call("ACL", "SETUSER", probe, "off");
      await redis.call("ACL", "DELUSER", probe);
      this.enabled = true;
    } catch (error) {
      logger.warn(
        `step runners sign in to Redis as the platform does, so a runner can reach every flow's keys: the worker's Redis user cannot manage users (${(error as Error).message}); give it ACL rights (+acl) or set INTERFLOW_RUNNER_REDIS_USERS=0 to say this is wanted`,
      );
      this.enabled = false;
    }
    // a Redis that restarted forgot its users: the runners of this worker's flows need theirs back
    redis.on("ready", () => void this.restore().catch((error: Error) => logger.error("runner Redis users could not be made again", { error: error.message })));
    return this.enabled;
  }

  /** The flow's runners' user, made (or made again) with the flow's password. */
  async ensure(flowId: string): Promise<RunnerRedisAccess> {
    if (!(await this.start())) return { url: this.deps.redisUrl };
    const { redis } = this.deps;
    let password = this.passwords.get(flowId) ?? (await redis.hget(RUNNER_USERS_KEY, flowId)) ?? undefined;
    if (!password) {
      password = randomBytes(24).toString("base64url");
      // another worker (a leader taking over) finds the same password: runners it adopts stay signed in
      if ((await redis.hsetnx(RUNNER_USERS_KEY, flowId, password)) === 0) password = (await redis.hget(RUNNER_USERS_KEY, flowId)) ?? password;
    }
    await redis.call("ACL", "SETUSER", runnerRedisUser(flowId), ...runnerAclRules(flowId, password));
    this.passwords.set(flowId, password);
    rememberSecrets([password]);
    return { url: this.urlOf(flowId), password };
  }

  /** REDIS_URL of the flow's runners: its user, no password (that comes on their stdin). */
  urlOf(flowId: string): string {
    return this.enabled ? redisUrlAs(this.deps.redisUrl, { username: runnerRedisUser(flowId) }) : this.deps.redisUrl;
  }

  /** The flow's runners stopped: their user goes, and whatever still signs in as it is disconnected. */
  async remove(flowId: string): Promise<void> {
    this.passwords.delete(flowId);
    if (!this.enabled) return;
    await this.deps.redis.call("ACL", "DELUSER", runnerRedisUser(flowId));
    await this.deps.redis.hdel(RUNNER_USERS_KEY, flowId);
  }

  /** Makes the users of this worker's flows again (after Redis restarted, they are gone). */
  async restore(): Promise<void> {
    if (!this.enabled) return;
    for (const [flowId, password] of this.passwords) {
      await this.deps.redis.call("ACL", "SETUSER", runnerRedisUser(flowId), ...runnerAclRules(flowId, password));
    }
  }

  /** true when Redis takes commands from a connection that gave no user and no password */
  private async answersWithoutPassword(): Promise<boolean> {
    const anonymous = createRedis(redisUrlWithoutCredentials(this.deps.redisUrl), { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    anonymous.on("error", () => {});
    try {
      await anonymous.connect();
      return (await anonymous.ping()) === "PONG";
    } catch {
      return false;
    } finally {
      anonymous.disconnect();
    }
  }
}
