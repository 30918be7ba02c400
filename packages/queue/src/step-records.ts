import type { MessageEnvelope } from "@interflow/flow";
import { type ExecutionMode, RECORD_BODY_LIMIT_BYTES, recordText, type StepRecordStatus } from "./executions";
import { safeJson } from "./json";

/** What a record says of a failed try (the runner's StepFailure fits it). */
export interface RecordedFailure {
  kind: string;
  message: string;
  details?: unknown;
}

/** A record's text (see @interflow/queue recordText), and whether it holds a failed message (such entries are kept whatever the stream's cap). */
export interface RecordText {
  json: string;
  failed: boolean;
}

const q = JSON.stringify;

/** A body's JSON, or (past the limit) its first bytes as a JSON string, marked as cut. */
export function bodyJson(value: unknown, limit = RECORD_BODY_LIMIT_BYTES): { json: string; cut: boolean } {
  const text = safeJson(value) ?? "null";
  // a UTF-8 character is at most 3 bytes per UTF-16 unit: short texts need no count
  if (text.length * 3 <= limit || Buffer.byteLength(text) <= limit) return { json: text, cut: false };
  return { json: q(Buffer.from(text).subarray(0, limit).toString("utf8")), cut: true };
}

export interface TryRecord {
  message: MessageEnvelope;
  status: StepRecordStatus;
  startedAt: number;
  durationMs: number;
  /** bodies emitted (ok), with the headers each was emitted with */
  outputs?: ReadonlyArray<{ body: unknown; headers?: Record<string, unknown> }>;
  /** messages put on next steps' queues (ok; default: every output to every next step — conditions decide otherwise) */
  deliveries?: number;
  /** messages whose way ended here on purpose: outputs no connection took, or the input a filter did not keep */
  filtered?: number;
  failure?: RecordedFailure;
  /** a failed message's tries */
  attempts?: number;
  /** the version the try ran on, when not the runner's own (a message the worker drops) */
  flowVersion?: number;
  /** the record of a poll run's emit: it had no input */
  noInput?: boolean;
  /** a failure that is not the component's (a stalled runner, a batch that could not be finished) */
  errorKind?: string;
}

/**
 * Builds the records a step's runner hands over (see @interflow/queue executions.ts): one per try
 * of a message, with the execution's counts of messages on their way. What a flow keeps decides
 * what is sent at all:
 * - "all": every record. A body is sent once: a message's input is what the step before emitted
 *   (that record's output), so only a message that entered the execution here sends its input;
 *   an output that is the input itself (a webhook's) is marked so, not sent again.
 * - "errors": only tries that failed (to be retried, or for good) and the later try of a retried
 *   message that succeeded — each with its input and the failure's details. Executions without a
 *   failure are not kept at all (their counts are in the flow's stats), as n8n's "save only
 *   failed executions".
 * - "none": only failed messages, for the failed messages list.
 */
export class StepRecords {
  constructor(
    private readonly step: { stepId: string; replica: number; flowVersion: number; next: number; mode: ExecutionMode },
  ) {}

  /** Whether a try's record is handed over at all. */
  wants(status: StepRecordStatus, attempt: number): boolean {
    switch (this.step.mode) {
      case "all":
        return true;
      case "errors":
        return status !== "ok" || attempt > 0;
      case "none":
        return status === "failed";
    }
  }

  /** The record of one try (undefined: the flow keeps none of this kind). */
  of(t: TryRecord): RecordText | undefined {
    const { message, status } = t;
    const meta_ = message.meta;
    if (!this.wants(status, meta_.attempt)) return undefined;
    const failed = status === "failed";
    // a message that starts its execution at this step: from the gateway, or a replay injected here
    const entered = meta_.parentMessageId === null && meta_.attempt === 0 && meta_.stepId === this.step.stepId ? 1 : 0;
    const outputs = t.outputs?.length ?? 0;
    const retried = meta_.attempt > 0 ? -1 : 0;
    const pending = status === "retrying" ? entered : entered - 1 + (status === "ok" ? (t.deliveries ?? outputs * this.step.next) : 0);
    const retrying = status === "retrying" ? (meta_.attempt === 0 ? 1 : 0) : retried;
    // "all": the input is the record before's output, unless the message entered here
    const sendInput = !t.noInput && (this.step.mode !== "all" || entered === 1);
    const input = sendInput ? bodyJson(message.body) : NONE;
    const outputIsInput = status === "ok" && outputs === 1 && t.outputs?.[0]?.body === message.body && sendInput;
    const output =
      status === "ok"
        ? outputIsInput || this.step.mode !== "all"
          ? NONE
          : bodyJson((t.outputs ?? []).map((o) => o.body))
        : t.failure?.details !== undefined
          ? bodyJson(t.failure.details)
          : NONE;
    const httpStatus = httpStatusOf(t.failure?.details);
    // headers, like bodies, are sent once: a message's are what the step before emitted with it
    const headers = sendInput && hasAny(message.headers) ? bodyJson(message.headers) : undefined;
    const emitted = status === "ok" && this.step.mode === "all" ? t.outputs ?? [] : [];
    const headersAreInput = headers !== undefined && !headers.cut && emitted.length > 0 && emitted.every((o) => o.headers === message.headers);
    const outputHeaders = !headersAreInput && emitted.some((o) => o.headers && hasAny(o.headers)) ? bodyJson(emitted.map((o) => o.headers ?? {})) : undefined;
    const meta =
      `{"executionId":${q(meta_.executionId)},"messageId":${q(message.id)},"parentMessageId":${q(meta_.parentMessageId)},` +
      `"stepId":${q(this.step.stepId)},"status":"${status}","attempt":${meta_.attempt},"startedAt":${t.startedAt},` +
      `"durationMs":${Math.max(0, Math.round(t.durationMs))},"replica":${this.step.replica},"flowVersion":${t.flowVersion ?? this.step.flowVersion},` +
      `"outputs":${outputs},"pending":${pending},"retrying":${retrying},"replayOf":${q(meta_.replayOf ?? null)},` +
      `"errorKind":${q(t.errorKind ?? t.failure?.kind ?? null)},"errorMessage":${q(t.failure?.message ?? null)},"httpStatus":${httpStatus},` +
      `"inputCut":${input.cut},"outputCut":${output.cut},"attempts":${t.attempts ?? meta_.attempt + 1},"entered":${entered === 1},` +
      `"outputIndex":${meta_.index ?? 0},"inputFromParent":${!sendInput && !t.noInput},"outputIsInput":${outputIsInput},` +
      `"outputHeadersAreInput":${headersAreInput},"outputHeaders":${outputHeaders && !outputHeaders.cut ? outputHeaders.json : "null"}${t.filtered ? `,"filtered":${t.filtered}` : ""}}`;
    const json = recordText({
      meta,
      input: input.json,
      inputHeaders: headers && !headers.cut ? headers.json : "",
      output: output.json,
      message: failed ? (safeJson(message) ?? "") : "",
    });
    return { json, failed };
  }
}

const NONE = { json: "", cut: false };

/** The HTTP status a failure's details carry (an http step's response), or null. */
function httpStatusOf(details: unknown): number | null {
  const status = (details as { status?: unknown } | null | undefined)?.status;
  return typeof status === "number" && Number.isInteger(status) && status >= 100 && status <= 599 ? status : null;
}

function hasAny(record: Record<string, unknown>): boolean {
  for (const _ in record) return true;
  return false;
}
