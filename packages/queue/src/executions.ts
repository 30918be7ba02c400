import { type MessageEnvelope, messageEnvelopeSchema } from "@interflow/flow";
import { z } from "zod";
import { keys } from "./names";
import type { Redis } from "./redis";

/**
 * Executions: what became of every message that entered a flow. Runners do not write to
 * PostgreSQL; they hand their step records to the worker through the flow's records stream
 * (`keys.records`), one stream entry per job (a batch of messages), appended in the same Redis
 * call that counts the job's backlog changes — once per job, however often the job is processed.
 * The worker writes them to PostgreSQL in bulk (apps/worker executions/), one row per execution.
 */

/** What a flow keeps of its executions (`settings.executions`). */
export const EXECUTION_MODES = ["all", "errors", "none"] as const;
export type ExecutionMode = (typeof EXECUTION_MODES)[number];
export const DEFAULT_EXECUTION_MODE: ExecutionMode = "all";

/** Bodies longer than this (UTF-8 bytes of their JSON) are kept cut, marked as cut. */
export const RECORD_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Entries a flow's records stream may hold before new records without a failure are not kept
 * (counted in the flow's stats as `executions.unrecorded`); entries with a failed message are
 * always kept. The worker empties the stream continuously.
 */
export const RECORDS_STREAM_CAP = 20_000;

export const STEP_RECORD_STATUSES = ["ok", "retrying", "failed", "dropped"] as const;
export type StepRecordStatus = (typeof STEP_RECORD_STATUSES)[number];

/**
 * What a record says besides its bodies: one try of one message at one step, as a runner (or the
 * worker, for dropped messages and failed batches) hands it over.
 */
export const recordMetaSchema = z.object({
  executionId: z.string(),
  messageId: z.string(),
  parentMessageId: z.string().nullable(),
  stepId: z.string(),
  status: z.enum(STEP_RECORD_STATUSES),
  /** 0 for the first try */
  attempt: z.number().int().min(0),
  /** epoch milliseconds */
  startedAt: z.number(),
  durationMs: z.number().int().min(0),
  /** -1: written by the worker */
  replica: z.number().int(),
  flowVersion: z.number().int(),
  /** messages emitted */
  outputs: z.number().int().min(0),
  /**
   * how this record changes the execution's count of messages on their way: +1 when a message
   * enters the execution here, +outputs × next steps when it was emitted, −1 when its way ends
   * here (emitted, failed or dropped); the execution is over when the sum is 0
   */
  pending: z.number().int(),
  /** how it changes the count of the execution's messages waiting for a retry */
  retrying: z.number().int(),
  replayOf: z.string().nullable(),
  errorKind: z.string().nullable(),
  errorMessage: z.string().nullable(),
  httpStatus: z.number().int().nullable(),
  /** the input (output) body was longer than RECORD_BODY_LIMIT_BYTES: what is kept is its first bytes, as a string */
  inputCut: z.boolean(),
  outputCut: z.boolean(),
  /** tries made so far (a failed message's: all of them) */
  attempts: z.number().int().min(1),
  /** the message entered the execution here (the one that started it) */
  entered: z.boolean().default(false),
  /** its place among the messages the step before emitted (where its input is in that record's output) */
  outputIndex: z.number().int().min(0).default(0),
  /** its input was not sent: it is what the step before emitted (the record of its parent, or the poll run that emitted it) */
  inputFromParent: z.boolean().default(false),
  /** its output is its input (one message, the same body): not sent twice */
  outputIsInput: z.boolean().default(false),
  /** the messages it emitted carry the headers it got (a webhook's): those of its input */
  outputHeadersAreInput: z.boolean().default(false),
  /** the headers each message it emitted carries, when any carries some (and they are not its input's) */
  outputHeaders: z.array(z.record(z.string(), z.unknown())).nullable().default(null),
  /** messages whose way ended at this try on purpose: outputs no connection's condition took, or an input a filter did not keep */
  filtered: z.number().int().min(0).default(0),
});
export type RecordMeta = z.infer<typeof recordMetaSchema>;

const STATUSES = new Set<string>(STEP_RECORD_STATUSES);
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const isText = (v: unknown): v is string => typeof v === "string";
const isTextOrNull = (v: unknown): v is string | null => v === null || typeof v === "string";

/**
 * A record's meta read from its JSON text, checked field by field (the worker reads three of them
 * per message: this is what recordMetaSchema checks, without its cost); undefined when it is not one.
 */
export function readRecordMeta(text: string): RecordMeta | undefined {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof m !== "object" || m === null) return undefined;
  const ok =
    isText(m.executionId) &&
    isText(m.messageId) &&
    isTextOrNull(m.parentMessageId) &&
    isText(m.stepId) &&
    isText(m.status) &&
    STATUSES.has(m.status) &&
    isInt(m.attempt) &&
    m.attempt >= 0 &&
    typeof m.startedAt === "number" &&
    isInt(m.durationMs) &&
    m.durationMs >= 0 &&
    isInt(m.replica) &&
    isInt(m.flowVersion) &&
    isInt(m.outputs) &&
    isInt(m.pending) &&
    isInt(m.retrying) &&
    isTextOrNull(m.replayOf) &&
    isTextOrNull(m.errorKind) &&
    isTextOrNull(m.errorMessage) &&
    (m.httpStatus === null || isInt(m.httpStatus)) &&
    typeof m.inputCut === "boolean" &&
    typeof m.outputCut === "boolean" &&
    isInt(m.attempts) &&
    m.attempts >= 1;
  if (!ok) return undefined;
  m.entered = m.entered === true;
  m.outputIndex = isInt(m.outputIndex) && m.outputIndex >= 0 ? m.outputIndex : 0;
  m.inputFromParent = m.inputFromParent === true;
  m.outputIsInput = m.outputIsInput === true;
  m.outputHeadersAreInput = m.outputHeadersAreInput === true;
  if (!Array.isArray(m.outputHeaders)) m.outputHeaders = null;
  m.filtered = isInt(m.filtered) && m.filtered > 0 ? m.filtered : 0;
  return m as RecordMeta;
}

/**
 * A record as it travels: its meta's JSON, then — each as JSON text, empty when not kept — the
 * body as it reached the step (before its mapping), the message's headers, the bodies it emitted
 * (or a failure's details) and, for a failed message, its whole envelope; separated by \u0001.
 * Records of an entry are separated by newlines. JSON text never holds a raw control character
 * (JSON.stringify escapes them), so neither separator can occur inside a part: the worker reads
 * the meta alone and passes the bodies on as text, never parsing them.
 */
export interface RecordParts {
  meta: string;
  input: string;
  inputHeaders: string;
  output: string;
  message: string;
}

const FIELD = "\u0001";
const RECORD = "\n";

export function recordText(parts: RecordParts): string {
  return `${parts.meta}${FIELD}${parts.input}${FIELD}${parts.inputHeaders}${FIELD}${parts.output}${FIELD}${parts.message}`;
}

/** The records of an entry, as one text. */
export function recordsEntry(records: readonly string[]): string {
  return records.join(RECORD);
}

/** The parts of each record of an entry's text (meta still as JSON text). */
export function splitEntry(entry: string): RecordParts[] {
  if (entry === "") return [];
  return entry.split(RECORD).map((text) => {
    const [meta = "", input = "", inputHeaders = "", output = "", message = ""] = text.split(FIELD);
    return { meta, input, inputHeaders, output, message };
  });
}

/**
 * Once per job (the key `counted`), atomically: the job's backlog changes, then its records entry
 * when there is one. KEYS: counted, backlog, records stream, stats. ARGV: counted ttl, stream cap,
 * entry ("" for none), "1" when the entry holds a failed message (kept whatever the cap), records
 * in the entry, then backlog field/delta pairs.
 */
export const HAND_OVER_ONCE = `if redis.call("set", KEYS[1], "1", "NX", "PX", ARGV[1]) then
  for i = 6, #ARGV, 2 do redis.call("hincrby", KEYS[2], ARGV[i], ARGV[i + 1]) end
  if ARGV[3] ~= "" then
    if ARGV[4] == "1" or redis.call("xlen", KEYS[3]) < tonumber(ARGV[2]) then
      redis.call("xadd", KEYS[3], "*", "r", ARGV[3])
    else
      redis.call("hincrby", KEYS[4], "executions.unrecorded", ARGV[5])
    end
  end
  return 1
end
return 0`;

/** Appends records the worker makes itself (dropped messages, failed batches): always kept, at most `chunk` to an entry. */
export async function appendRecords(redis: Redis, flowId: string, records: readonly string[], chunk = 500): Promise<void> {
  for (let i = 0; i < records.length; i += chunk) {
    await redis.xadd(keys.records(flowId), "*", "r", recordsEntry(records.slice(i, i + chunk)));
  }
}

/** A record read back (tests, diagnostics): its meta and bodies parsed. */
export interface HandedOverRecord extends RecordMeta {
  input: unknown;
  inputHeaders: Record<string, unknown> | null;
  output: unknown;
  message: MessageEnvelope | null;
}

export function parseRecord(parts: RecordParts): HandedOverRecord {
  const meta = recordMetaSchema.parse(JSON.parse(parts.meta));
  const parsed = (text: string) => (text === "" ? null : JSON.parse(text));
  return {
    ...meta,
    input: parsed(parts.input),
    inputHeaders: parsed(parts.inputHeaders),
    output: parsed(parts.output),
    message: parts.message === "" ? null : messageEnvelopeSchema.parse(JSON.parse(parts.message)),
  };
}

/** The records in a flow's stream not yet written by the worker, oldest first (tests, diagnostics). */
export async function readHandedOver(redis: Redis, flowId: string): Promise<HandedOverRecord[]> {
  const entries = await redis.xrange(keys.records(flowId), "-", "+");
  return entries.flatMap(([, fields]) => splitEntry(fields[1] ?? "").map(parseRecord));
}
