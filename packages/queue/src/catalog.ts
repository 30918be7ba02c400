import { messageEnvelopeSchema } from "@interflow/flow";
import type { JobsOptions } from "bullmq";
import { z } from "zod";

/**
 * The queue protocol as a catalog: each job name with its payload schema and options.
 * A step job carries a batch of one or more messages: where messages arrive in bursts one job
 * (one BullMQ round trip) moves many of them. Retries are per message (a delayed single-message
 * job on the step's own queue), so one failing message never holds back its batch.
 */
export const STEP_JOB = {
  name: "messages",
  schema: z.object({
    messages: z.array(messageEnvelopeSchema).min(1),
    /** bytes these messages count for in the queue's backlog (request bytes from the gateway, JSON bytes from a step) */
    bytes: z.number().int().min(0).optional(),
  }),
  options: {
    removeOnComplete: true,
    // kept until the worker moves its messages to the flow's failed messages (never trimmed unseen)
    removeOnFail: false,
    // A batch whose emits could not be written (Redis refused them) is tried again; its messages
    // become failed messages only after the last attempt.
    attempts: 5,
    backoff: { type: "exponential", delay: 1_000 },
  } satisfies JobsOptions,
} as const;
export type StepJobData = z.infer<typeof STEP_JOB.schema>;

/**
 * How long a step job's id is remembered after the job is gone. Completed jobs are removed at
 * once (cheapest), so the id alone would not stop a re-emit after a crash from adding the job
 * again; the deduplication key does, for longer than a crashed runner's jobs take to come back.
 */
export const STEP_DEDUPLICATION_TTL_MS = 15 * 60_000;

/** Options of a step job with a deterministic id: a retried emit never duplicates it. */
export function stepJobOptions(jobId: string, extra: JobsOptions = {}): JobsOptions {
  return { ...STEP_JOB.options, ...extra, jobId, deduplication: { id: jobId, ttl: STEP_DEDUPLICATION_TTL_MS } };
}

/** Retry policy of a step's messages (exponential backoff, honouring Retry-After). */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}
export const STEP_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000 };

/** Delay before attempt `attempt + 1`: Retry-After when the target sent one, else exponential. */
export function retryDelayMs(attempt: number, retryAfterMs?: number, policy: RetryPolicy = STEP_RETRY): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, 0), policy.maxDelayMs * 5);
  return Math.min(policy.baseDelayMs * 2 ** attempt, policy.maxDelayMs);
}

/** Limits of one step queue when neither the flow nor its workspace sets them. */
export const DEFAULT_QUEUE_LIMITS = { messages: 75_000, bytes: 200 * 1024 * 1024 } as const;
export type QueueLimits = { messages: number; bytes: number };

/** The most a flow of the workspace may set: the workspace's limits, else the platform's defaults. */
export function workspaceQueueLimits(workspaceLimits?: { messages: number | null; bytes: number | null }): QueueLimits {
  return { messages: workspaceLimits?.messages ?? DEFAULT_QUEUE_LIMITS.messages, bytes: workspaceLimits?.bytes ?? DEFAULT_QUEUE_LIMITS.bytes };
}

/**
 * The limits of a flow's step queues: the workspace's (else the platform's defaults), lowered by the
 * flow's settings where they are lower — a flow never raises them (a setting above is refused when
 * saved, and ignored if the workspace lowered its limits since).
 */
export function queueLimitsOf(flow: {
  document: { settings?: { limits?: { messages?: number; bytes?: number } } };
  workspaceLimits?: { messages: number | null; bytes: number | null };
}): QueueLimits {
  const own = flow.document.settings?.limits;
  const ceiling = workspaceQueueLimits(flow.workspaceLimits);
  return { messages: Math.min(own?.messages ?? Infinity, ceiling.messages), bytes: Math.min(own?.bytes ?? Infinity, ceiling.bytes) };
}

/** How often a runner says it is alive, and how long without it before the worker replaces it. */
export const RUNNER_BEAT_MS = 5_000;
export const RUNNER_LIVENESS_MS = 30_000;

/** How long a runner's lock on a job lasts; a crashed runner's jobs go back to the queue after it. */
export const STEP_LOCK = { lockDurationMs: 10_000, stalledIntervalMs: 5_000, maxStalledCount: 5 } as const;
