import { z } from "zod";
import { keys } from "./names";
import type { Redis } from "./redis";

/** Lines kept per step (all its replicas together), newest first. */
export const STEP_LOG_LINES = 2_000;
/** A step's lines expire this long after the last one was written. */
export const STEP_LOG_RETENTION_SECONDS = 7 * 24 * 3600;
/** Longer lines are cut (a runner printing a whole message body should not fill the store). */
const MAX_LINE_CHARS = 4_000;

export const stepLogLineSchema = z.object({
  /** epoch milliseconds */
  at: z.number(),
  replica: z.number().int(),
  line: z.string(),
});
export type StepLogLine = z.infer<typeof stepLogLineSchema>;

/**
 * Collects runners' output lines and writes them to Redis in batches (one pipeline every
 * `flushMs`): per step a bounded list that expires after the retention period.
 */
export class StepLogWriter {
  private pending = new Map<string, { flowId: string; stepId: string; lines: string[] }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly options: { flushMs?: number; maxLines?: number; retentionSeconds?: number } = {},
  ) {}

  add(p: { flowId: string; stepId: string; replica: number; line: string; at?: number }): void {
    const key = keys.stepLogs(p.flowId, p.stepId);
    const entry = this.pending.get(key) ?? { flowId: p.flowId, stepId: p.stepId, lines: [] };
    const line = p.line.length > MAX_LINE_CHARS ? `${p.line.slice(0, MAX_LINE_CHARS)}… (cut)` : p.line;
    entry.lines.push(JSON.stringify({ at: p.at ?? Date.now(), replica: p.replica, line } satisfies StepLogLine));
    this.pending.set(key, entry);
    this.timer ??= setTimeout(() => void this.flush().catch(() => {}), this.options.flushMs ?? 200);
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const pipeline = this.redis.pipeline();
    for (const [key, entry] of batch) {
      pipeline.lpush(key, ...entry.lines);
      pipeline.ltrim(key, 0, (this.options.maxLines ?? STEP_LOG_LINES) - 1);
      pipeline.expire(key, this.options.retentionSeconds ?? STEP_LOG_RETENTION_SECONDS);
    }
    await pipeline.exec();
  }

  async close(): Promise<void> {
    await this.flush();
  }
}

/** Fields a runner writes on every line that the log view shows already (or does not need). */
const KNOWN_FIELDS = new Set(["time", "level", "msg", "flowId", "stepId", "replica"]);

/**
 * A logged line for people: a runner's JSON line (`{"level","msg",…}`) as its level and
 * "msg key=value …" without the fields every line repeats; any other line as it is.
 */
export function readableLogLine(line: string): { level: "info" | "warn" | "error" | null; text: string } {
  if (!line.startsWith("{")) return { level: null, text: line };
  try {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    if (typeof parsed.msg !== "string") return { level: null, text: line };
    const level = parsed.level === "info" || parsed.level === "warn" || parsed.level === "error" ? parsed.level : null;
    const rest = Object.entries(parsed)
      .filter(([key]) => !KNOWN_FIELDS.has(key))
      .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
    return { level, text: [parsed.msg, ...rest].join(" ") };
  } catch {
    return { level: null, text: line };
  }
}

/**
 * A flow's logged lines, oldest first: of one step or all of them (merged by time), only those
 * after `after` (epoch ms, for following), at most `limit` (the newest).
 */
export async function readStepLogs(redis: Redis, p: { flowId: string; stepIds: string[]; after?: number; limit?: number }): Promise<Array<StepLogLine & { stepId: string }>> {
  const limit = p.limit ?? 200;
  const lists = await Promise.all(p.stepIds.map(async (stepId) => ({ stepId, raw: await redis.lrange(keys.stepLogs(p.flowId, stepId), 0, limit - 1) })));
  const lines = lists.flatMap(({ stepId, raw }) =>
    raw.flatMap((text) => {
      const parsed = stepLogLineSchema.safeParse(JSON.parse(text));
      return parsed.success && (p.after === undefined || parsed.data.at > p.after) ? [{ ...parsed.data, stepId }] : [];
    }),
  );
  // lists are newest first; the same millisecond keeps each list's order
  lines.reverse();
  lines.sort((a, b) => a.at - b.at);
  return lines.slice(-limit);
}

export const runnerRestartSchema = z.object({
  count: z.number().int(),
  /** the last one */
  at: z.number(),
  replica: z.number().int(),
  reason: z.string(),
  /** the runner went past its memory limit */
  oomKilled: z.boolean().default(false),
});
export type RunnerRestart = z.infer<typeof runnerRestartSchema>;

/** Notes that a runner of the step exited unasked and is being replaced (shown by the dashboard and the CLI). */
export async function recordRunnerRestart(redis: Redis, p: { flowId: string; stepId: string; replica: number; reason: string; oomKilled?: boolean }): Promise<void> {
  const key = keys.runnerRestarts(p.flowId);
  const before = await redis.hget(key, p.stepId);
  const count = before ? (runnerRestartSchema.safeParse(JSON.parse(before)).data?.count ?? 0) : 0;
  const restart: RunnerRestart = { count: count + 1, at: Date.now(), replica: p.replica, reason: p.reason, oomKilled: p.oomKilled ?? false };
  await redis.hset(key, p.stepId, JSON.stringify(restart));
}

/** Restarts of each step's runners (steps without any are absent). */
export async function readRunnerRestarts(redis: Redis, flowId: string): Promise<Map<string, RunnerRestart>> {
  const hash = await redis.hgetall(keys.runnerRestarts(flowId));
  const found = new Map<string, RunnerRestart>();
  for (const [stepId, text] of Object.entries(hash)) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      continue; // not written by the worker (a flow's runners can write their flow's keys): skipped
    }
    const parsed = runnerRestartSchema.safeParse(json);
    if (parsed.success) found.set(stepId, parsed.data);
  }
  return found;
}

/** Per step: replicas reporting as consuming now, and the count a scaling set (if any). */
export async function readReplicaCounts(redis: Redis, flowId: string): Promise<Map<string, { up: number; scaledTo: number | null }>> {
  const [statuses, overrides] = await Promise.all([redis.hgetall(keys.runners(flowId)), redis.hgetall(keys.replicaOverrides(flowId))]);
  const counts = new Map<string, { up: number; scaledTo: number | null }>();
  const entry = (stepId: string) => {
    const found = counts.get(stepId) ?? { up: 0, scaledTo: null };
    counts.set(stepId, found);
    return found;
  };
  for (const field of Object.keys(statuses)) entry(field.slice(0, field.lastIndexOf("."))).up += 1;
  for (const [stepId, count] of Object.entries(overrides)) entry(stepId).scaledTo = Number(count);
  return counts;
}
