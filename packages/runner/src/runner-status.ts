import { randomUUID } from "node:crypto";
import { keys, type Redis, RUNNER_BEAT_MS, type RunnerStatus } from "@interflow/queue";

const DELETE_OWN_STATUS = `local raw = redis.call("hget", KEYS[1], ARGV[1])
if raw and cjson.decode(raw).instance == ARGV[2] then return redis.call("hdel", KEYS[1], ARGV[1]) end
return 0`;

/**
 * A runner's entry in its flow's runner statuses (what the worker waits for at start and the
 * dashboard counts), announced on the runner events channel when it comes up and goes down.
 */
export class RunnerPresence {
  private readonly field: string;
  private readonly status: RunnerStatus;
  private beating: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly p: { flowId: string; stepId: string; replica: number; flowVersion: number },
  ) {
    this.field = `${p.stepId}.${p.replica}`;
    this.status = {
      stepId: p.stepId,
      replica: p.replica,
      flowVersion: p.flowVersion,
      pid: process.pid,
      // pids repeat across containers (each has its own pid namespace): this tells runners apart
      instance: randomUUID(),
      startedAt: new Date().toISOString(),
      consuming: true,
    };
  }

  /**
   * Writes the runner's status, then says it is alive every `beatMs` from its event loop: a runner whose
   * loop is stuck (a component that never yields, a stopped process) stops beating, and the worker
   * replaces it (see apps/worker/src/runner-liveness.ts).
   */
  async up(beatMs: number = RUNNER_BEAT_MS): Promise<void> {
    await this.write();
    this.beating = setInterval(() => void this.write().catch(() => {}), beatMs);
    this.beating.unref();
  }

  private write(): Promise<unknown> {
    return this.redis.hset(keys.runners(this.p.flowId), this.field, JSON.stringify({ ...this.status, beatAt: new Date().toISOString() }));
  }

  async down(): Promise<void> {
    clearInterval(this.beating);
    // only our own entry: a replica that replaced us has written its own under the same field
    await this.redis.eval(DELETE_OWN_STATUS, 1, keys.runners(this.p.flowId), this.field, this.status.instance);
  }
}
