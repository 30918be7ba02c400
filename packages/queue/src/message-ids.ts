import { createHash } from "node:crypto";
import type { MessageEnvelope } from "@interflow/flow";

const hash = (text: string) => createHash("sha1").update(text).digest("hex").slice(0, 32);

/** Deterministic: re-running a step on the same message gives its outputs the same ids. */
export const childMessageId = (parentId: string, stepId: string, index: number) => hash(`${parentId}/${stepId}/${index}`);

/** Deterministic job id of a step's output batch on one next queue, so a retried emit never duplicates. */
export const outputJobId = (jobId: string, stepId: string, targetStepId: string) => hash(`${jobId}/${stepId}>${targetStepId}`);

/** Deterministic job id of one waiting message (a delay step's output) on one next queue. */
export const waitJobId = (jobId: string, stepId: string, targetStepId: string, messageId: string) => `${hash(`${jobId}/${stepId}>${targetStepId}/${messageId}`)}.w`;

/**
 * Job id of a message's retry on its own step's queue (BullMQ forbids ':' in custom ids). A retried
 * or replayed message keeps its id (the receiver's idempotency key) in a new execution: the
 * execution is part of the id, so its retries are not taken for the original's.
 */
export const retryJobId = (message: MessageEnvelope, attempt: number) => `${hash(`${message.meta.executionId}/${message.id}`)}.r${attempt}`;

/** Job id of one message of a batch split after its runner stopped while working on it. */
export const splitJobId = (jobId: string, index: number) => `${hash(jobId)}.s${index}`;

function withoutWait(meta: MessageEnvelope["meta"]): MessageEnvelope["meta"] {
  const { waitUntil: _waited, ...rest } = meta;
  return rest;
}

/** An earlier step's output larger than this (as JSON) is not carried by the messages of a fan-out (see stepsForFanOut). */
export const FAN_OUT_STEP_LIMIT_BYTES = 16 * 1024;

/**
 * The earlier steps' outputs the messages of a fan-out (a step emitting several for one) carry:
 * each one's copy of a large earlier body would make the fan-out's size grow with the square of
 * its width (a split of 10,000 elements would copy the list 10,000 times), so bodies over
 * FAN_OUT_STEP_LIMIT_BYTES are left out — `$steps.<id>` of such a step is empty after it.
 */
export function stepsForFanOut(steps: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [id, body] of Object.entries(steps)) {
    const text = JSON.stringify(body);
    if (text === undefined || text.length * 3 <= FAN_OUT_STEP_LIMIT_BYTES || Buffer.byteLength(text) <= FAN_OUT_STEP_LIMIT_BYTES) kept[id] = body;
  }
  return kept;
}

export function childMessage(
  parent: MessageEnvelope,
  stepId: string,
  index: number,
  output: { body: unknown; headers: Record<string, unknown>; delayMs?: number },
  /** the earlier steps' outputs it carries (default: all of its parent's) */
  steps: Record<string, unknown> = parent.steps,
): MessageEnvelope {
  // a waiting message: its own time; otherwise none (not the parent's, which it waited for already)
  const meta = parent.meta.waitUntil === undefined ? parent.meta : withoutWait(parent.meta);
  const childMeta: MessageEnvelope["meta"] = { ...meta, stepId, parentMessageId: parent.id, attempt: 0, index };
  if (output.delayMs) childMeta.waitUntil = Date.now() + output.delayMs;
  return {
    id: childMessageId(parent.id, stepId, index),
    body: output.body,
    headers: output.headers,
    attachments: [],
    steps: { ...steps, [stepId]: output.body },
    meta: childMeta,
  };
}
