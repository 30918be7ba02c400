import { randomUUID } from "node:crypto";
import { keys, type Redis, type RunnerStatus } from "@interflow/queue";

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

  async up(): Promise<void> {
    await this.redis.hset(keys.runners(this.p.flowId), this.field, JSON.stringify(this.status));
    await this.redis.publish(keys.runnerEvents, JSON.stringify({ flowId: this.p.flowId, event: "up", ...this.status }));
  }

  async down(): Promise<void> {
    // only our own entry: a replica that replaced us has written its own under the same field
    await this.redis.eval(DELETE_OWN_STATUS, 1, keys.runners(this.p.flowId), this.field, this.status.instance);
    await this.redis.publish(keys.runnerEvents, JSON.stringify({ flowId: this.p.flowId, event: "down", stepId: this.p.stepId, replica: this.p.replica }));
  }
}
