import { EXECUTION_STATUSES, type ExecutionSummary, FAILED_MESSAGE_STATUSES, type FailedMessageRecord, type StepRecordView } from "@interflow/db";
import { z } from "zod";

export const executionStatusSchema = z.enum(EXECUTION_STATUSES);

export const executionSchema = z.object({
  id: z.string(),
  flowId: z.string(),
  flowVersion: z.number(),
  /** running: messages of it are on their way; retrying: one waits for a retry; ok, failed, dropped: it is over */
  status: executionStatusSchema,
  /** the id of the message that started it (a webhook's 202 names it; a replay keeps the original's) */
  messageId: z.string(),
  pending: z.number(),
  retrying: z.number(),
  /** steps it passed */
  steps: z.number(),
  failed: z.number(),
  dropped: z.number(),
  errorStep: z.string().nullable(),
  error: z.string().nullable(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  durationMs: z.number(),
  /** the execution it replays (a retried failed message, a bulk replay) */
  replayOf: z.string().nullable(),
  hasBodies: z.boolean(),
});

export function executionViewOf(e: ExecutionSummary): z.infer<typeof executionSchema> {
  return { ...e, startedAt: e.startedAt.toISOString(), endedAt: e.endedAt.toISOString() };
}

export const stepRecordSchema = z.object({
  messageId: z.string(),
  parentMessageId: z.string().nullable(),
  stepId: z.string(),
  attempt: z.number(),
  status: z.enum(["ok", "retrying", "failed", "dropped"]),
  startedAt: z.iso.datetime(),
  durationMs: z.number(),
  /** -1: recorded by the worker (a dropped message, a batch that failed for good) */
  replica: z.number(),
  flowVersion: z.number(),
  outputs: z.number(),
  error: z.object({ kind: z.string(), message: z.string(), httpStatus: z.number().nullable() }).nullable(),
  /** the body as it reached the step, before its mapping; a string of its first 64 KB when cut; null when not kept */
  input: z.unknown(),
  inputCut: z.boolean(),
  inputHeaders: z.record(z.string(), z.unknown()).nullable(),
  /** ok: the bodies it emitted; a failure: what the target answered (its details); a string when cut */
  output: z.unknown(),
  outputCut: z.boolean(),
  /** messages whose way ended at this try on purpose (no connection's condition took them, or a filter did not keep the input) */
  filtered: z.number(),
});

export function stepRecordViewOf(r: StepRecordView): z.infer<typeof stepRecordSchema> {
  return { ...r, startedAt: r.startedAt.toISOString() };
}

export const failedMessageSchema = z.object({
  id: z.string(),
  messageId: z.string(),
  executionId: z.string(),
  flowVersion: z.number(),
  stepId: z.string(),
  attempts: z.number(),
  /** what went wrong, in words */
  error: z.string(),
  errorKind: z.string(),
  httpStatus: z.number().nullable(),
  /** the step's input: what a retry sends again (unless edited) */
  body: z.unknown(),
  headers: z.record(z.string(), z.unknown()),
  failedAt: z.iso.datetime(),
  status: z.enum(FAILED_MESSAGE_STATUSES),
  resolvedAt: z.iso.datetime().nullable(),
  resolvedBy: z.string().nullable(),
  /** the execution its retry started */
  retriedAs: z.string().nullable(),
});

export function failedMessageViewOf(f: FailedMessageRecord): z.infer<typeof failedMessageSchema> {
  return {
    id: f.id,
    messageId: f.messageId,
    executionId: f.executionId,
    flowVersion: f.flowVersion,
    stepId: f.stepId,
    attempts: f.attempts,
    error: f.error,
    errorKind: f.errorKind,
    httpStatus: f.httpStatus,
    body: f.message.body,
    headers: f.message.headers,
    failedAt: f.failedAt.toISOString(),
    status: f.status,
    resolvedAt: f.resolvedAt?.toISOString() ?? null,
    resolvedBy: f.resolvedBy,
    retriedAs: f.retriedAs,
  };
}

/** A page: `items`, how many match in all (`total`, counted up to 100,000) and whether more follow. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number(), more: z.boolean() });

/** Where the next page starts: the last item's time and id. */
export const pageCursorSchema = z.object({ at: z.iso.datetime({ error: "before.at: an ISO date-time" }), id: z.string() });
