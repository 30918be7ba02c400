import type { z } from "zod";

/**
 * Where a message is in its flow, as its runner tells a step (the platform's envelope carries the
 * same fields: the SDK states them here so that it depends on nothing but zod).
 */
export interface MessageMeta {
  flowId: string;
  flowVersion: number;
  executionId: string;
  stepId: string;
  parentMessageId: string | null;
  traceId: string;
  /** 0 on the first delivery, then one more per retry */
  attempt: number;
  /** its place among the messages its step emitted for one input (0 for the first) */
  index?: number;
  /** a retried or replayed message: the execution it came from */
  replayOf?: string;
  /** epoch ms: the message waited in its step's queue until then */
  waitUntil?: number;
  /** a message telling an error flow of another flow's failed message */
  errorNotification?: boolean;
}

/** A file that travels with a message, by reference. */
export interface MessageAttachment {
  name: string;
  url: string;
  size?: number;
}

/** The message a step handles. */
export interface StepMessage {
  id: string;
  body: unknown;
  headers: Record<string, unknown>;
  attachments: MessageAttachment[];
  /** earlier steps' output bodies by step id (`$steps` in mappings) */
  steps: Record<string, unknown>;
  meta: MessageMeta;
}

export type FunctionKind = "trigger" | "action";

/** What flow validation needs to know about a set of components (no code, no I/O). */
export type ComponentCatalog = Record<string, { functions: Record<string, { kind: FunctionKind; config?: z.ZodType }> }>;
