import { z } from "zod";

export const messageMetaSchema = z.object({
  flowId: z.string(),
  flowVersion: z.number().int(),
  executionId: z.string(),
  stepId: z.string(),
  parentMessageId: z.string().nullable(),
  traceId: z.string(),
  attempt: z.number().int().min(0),
  /** its place among the messages its step emitted for one input (0 for the first) */
  index: z.number().int().min(0).optional(),
  /** a retried or replayed message: the execution it came from (its id and body are the original's) */
  replayOf: z.string().optional(),
  /**
   * epoch ms: the message waits in its step's queue until then (a delay step before it sent it
   * so); it counts as waiting there until its step takes it
   */
  waitUntil: z.number().optional(),
  /** a message telling an error flow of another flow's failed message (its own failure tells nobody) */
  errorNotification: z.boolean().optional(),
});

/** The envelope every message carries between steps. */
export const messageEnvelopeSchema = z.object({
  id: z.string(),
  body: z.unknown(),
  attachments: z.array(z.object({ name: z.string(), url: z.string(), size: z.number().optional() })).default([]),
  headers: z.record(z.string(), z.unknown()).default({}),
  /** earlier steps' output bodies by step id, for `$steps` in mappings */
  steps: z.record(z.string(), z.unknown()).default({}),
  meta: messageMetaSchema,
});

export type MessageMeta = z.infer<typeof messageMetaSchema>;
export type MessageEnvelope = z.infer<typeof messageEnvelopeSchema>;
