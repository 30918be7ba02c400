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
  schema: z.object({ messages: z.array(messageEnvelopeSchema).min(1) }),
  options: {
    removeOnComplete: true,
    removeOnFail: { count: 10_000 },
    attempts: 1,
  } satisfies JobsOptions,
} as const;
export type StepJobData = z.infer<typeof STEP_JOB.schema>;

/** Retry policy of a step's messages (exponential backoff, honouring Retry-After). */
export const STEP_RETRY = {
  attempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
} as const;

export function retryDelayMs(attempt: number, retryAfterMs?: number): number {
  const backoff = Math.min(STEP_RETRY.baseDelayMs * 2 ** attempt, STEP_RETRY.maxDelayMs);
  return retryAfterMs !== undefined ? Math.min(Math.max(retryAfterMs, 0), STEP_RETRY.maxDelayMs * 5) : backoff;
}

/** How long a runner's lock on a job lasts; a crashed runner's jobs go back to the queue after it. */
export const STEP_LOCK = { lockDurationMs: 10_000, stalledIntervalMs: 5_000, maxStalledCount: 5 } as const;
