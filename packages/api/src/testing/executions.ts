import { randomUUID } from "node:crypto";
import { type ExecutionPart, type FailurePart, writeExecutions } from "@interflow/db";
import type { MessageEnvelope } from "@interflow/flow";
import { flowQueuePrefix, type StepJobData } from "@interflow/queue";
import { Queue } from "bullmq";
import type { ApiServices } from "../services";

/**
 * Executions of webhookFlow() (hook → shape → send) as the worker writes them from the runners'
 * records: an order came in at the webhook, was shaped, and was sent to the CRM.
 */
export type OrderOutcome =
  /** the CRM took it */
  | "ok"
  /** the CRM answered 503 (retried), then 404: a failed message at "send" */
  | "failed"
  /** the shape step dropped it: it never reached "send" */
  | "dropped";

export interface OrderExecution {
  executionId: string;
  /** the message at each step: the execution's own id at the trigger, then each step's output */
  messageIds: { hook: string; shape: string; send: string };
  order: { order: { id: string; total: number } };
  /** the failed message (outcome "failed") */
  failedId: string | null;
}

const MS = 1_000;

/** One try's record, as a runner writes its meta and bodies (see @interflow/queue RecordMeta). */
function record(p: {
  executionId: string;
  messageId: string;
  parentMessageId: string | null;
  stepId: string;
  status: "ok" | "retrying" | "failed" | "dropped";
  attempt?: number;
  at: number;
  outputs?: number;
  error?: { kind: string; message: string; httpStatus: number | null };
  input: unknown;
  inputHeaders?: Record<string, unknown>;
  output?: unknown;
}): Record<string, unknown> {
  return {
    executionId: p.executionId,
    messageId: p.messageId,
    parentMessageId: p.parentMessageId,
    stepId: p.stepId,
    status: p.status,
    attempt: p.attempt ?? 0,
    startedAt: p.at,
    durationMs: 40,
    replica: 0,
    flowVersion: 1,
    outputs: p.outputs ?? 0,
    pending: 0,
    retrying: 0,
    replayOf: null,
    errorKind: p.error?.kind ?? null,
    errorMessage: p.error?.message ?? null,
    httpStatus: p.error?.httpStatus ?? null,
    inputCut: false,
    outputCut: false,
    attempts: (p.attempt ?? 0) + 1,
    input: p.input,
    inputHeaders: p.inputHeaders ?? null,
    output: p.output ?? null,
  };
}

/**
 * Writes one order's execution of a webhookFlow() flow, as the worker would: its step records
 * (with every body when `keep` is "all"; only failures' bodies when "errors") and, when it failed,
 * its failed message at "send" with the envelope the step got.
 */
export async function writeOrderExecution(
  services: ApiServices,
  p: { workspaceId: string; flowId: string; startedAt: Date; outcome: OrderOutcome; keep?: "all" | "errors"; orderId?: string; executionId?: string },
): Promise<OrderExecution> {
  const executionId = p.executionId ?? randomUUID();
  const ids = { hook: executionId, shape: `${executionId}.shape`, send: `${executionId}.send` };
  const orderId = p.orderId ?? `o-${executionId.slice(0, 8)}`;
  const order = { order: { id: orderId, total: 42 } };
  const shaped = { id: orderId };
  const headers = { "content-type": "application/json", "x-shop": "acme" };
  const t0 = p.startedAt.getTime();
  // ok tries keep their bodies only when the flow keeps all of them
  const kept = (body: unknown) => ((p.keep ?? "all") === "all" ? body : null);
  const records = [
    record({ executionId, messageId: ids.hook, parentMessageId: null, stepId: "hook", status: "ok", at: t0, outputs: 1, input: kept(order), inputHeaders: headers, output: kept([order]) }),
  ];
  if (p.outcome === "dropped") {
    const error = { kind: "dropped", message: "the flow's queues were dropped at stop", httpStatus: null };
    records.push(record({ executionId, messageId: ids.shape, parentMessageId: ids.hook, stepId: "shape", status: "dropped", at: t0 + MS, input: order, error }));
  } else {
    records.push(record({ executionId, messageId: ids.shape, parentMessageId: ids.hook, stepId: "shape", status: "ok", at: t0 + MS, outputs: 1, input: kept(order), output: kept([shaped]) }));
  }
  const crmDown = { kind: "step-error", message: "HTTP 503 from crm.example.test", httpStatus: 503 };
  const unknownOrder = { kind: "step-error", message: `HTTP 404 from crm.example.test: order ${orderId} unknown`, httpStatus: 404 };
  if (p.outcome === "ok") {
    records.push(record({ executionId, messageId: ids.send, parentMessageId: ids.shape, stepId: "send", status: "ok", at: t0 + 2 * MS, outputs: 1, input: kept(shaped), output: kept([{ status: 201 }]) }));
  } else if (p.outcome === "failed") {
    records.push(
      record({ executionId, messageId: ids.send, parentMessageId: ids.shape, stepId: "send", status: "retrying", at: t0 + 2 * MS, input: shaped, output: { status: 503 }, error: crmDown }),
      record({ executionId, messageId: ids.send, parentMessageId: ids.shape, stepId: "send", status: "failed", attempt: 1, at: t0 + 3 * MS, input: shaped, output: { status: 404 }, error: unknownOrder }),
    );
  }
  const failedHere = p.outcome === "failed";
  const part: ExecutionPart = {
    id: executionId,
    flowVersion: 1,
    pending: 0,
    retrying: 0,
    steps: records.filter((r) => r.status !== "retrying").length,
    failed: failedHere ? 1 : 0,
    dropped: p.outcome === "dropped" ? 1 : 0,
    errorStep: failedHere ? "send" : p.outcome === "dropped" ? "shape" : null,
    error: failedHere ? unknownOrder.message : p.outcome === "dropped" ? "the flow's queues were dropped at stop" : null,
    startedAt: p.startedAt,
    endedAt: new Date(t0 + 3 * MS + 40),
    replayOf: null,
    messageId: null,
    stepIds: [...new Set(records.map((r) => String(r.stepId)))],
    records: JSON.stringify(records),
    hasBodies: (p.keep ?? "all") === "all",
    lastEntryId: "1-0",
  };
  const envelope: MessageEnvelope = {
    id: ids.send,
    body: shaped,
    headers: { "content-type": "application/json", "x-order": orderId },
    attachments: [],
    steps: { hook: order, shape: shaped },
    meta: { flowId: p.flowId, flowVersion: 1, executionId, stepId: "send", parentMessageId: ids.shape, traceId: executionId, attempt: 1 },
  };
  const failures: FailurePart[] = failedHere
    ? [
        {
          executionId,
          messageId: ids.send,
          stepId: "send",
          flowVersion: 1,
          attempts: 2,
          errorKind: "step-error",
          error: unknownOrder.message,
          httpStatus: 404,
          message: JSON.stringify(envelope),
          failedAt: new Date(t0 + 3 * MS),
        },
      ]
    : [];
  const stored = await writeExecutions(services.db, { workspaceId: p.workspaceId, flowId: p.flowId, executions: [part], failures, cursor: "0-0", written: "1-0" });
  return { executionId, messageIds: ids, order, failedId: stored[0]?.id ?? null };
}

/**
 * A retry of `of`'s failed message at "send" as the worker writes it: an execution that replays
 * `of` (its records start at "send", the message keeps its id) and failed there again.
 */
export async function writeRetryExecution(
  services: ApiServices,
  p: { workspaceId: string; flowId: string; of: OrderExecution; startedAt: Date },
): Promise<{ executionId: string; failedId: string | null }> {
  const executionId = randomUUID();
  const t0 = p.startedAt.getTime();
  const shaped = { id: p.of.order.order.id };
  const again = { kind: "step-error", message: `HTTP 404 from crm.example.test: order ${shaped.id} still unknown`, httpStatus: 404 };
  const records = [
    { ...record({ executionId, messageId: p.of.messageIds.send, parentMessageId: p.of.messageIds.shape, stepId: "send", status: "failed", at: t0, input: shaped, output: { status: 404 }, error: again }), replayOf: p.of.executionId },
  ];
  const part: ExecutionPart = {
    id: executionId,
    flowVersion: 1,
    pending: 0,
    retrying: 0,
    steps: 1,
    failed: 1,
    dropped: 0,
    errorStep: "send",
    error: again.message,
    startedAt: p.startedAt,
    endedAt: new Date(t0 + 40),
    replayOf: p.of.executionId,
    messageId: p.of.messageIds.send,
    stepIds: ["send"],
    records: JSON.stringify(records),
    hasBodies: true,
    lastEntryId: "2-0",
  };
  const envelope: MessageEnvelope = {
    id: p.of.messageIds.send,
    body: shaped,
    headers: { "content-type": "application/json" },
    attachments: [],
    steps: { hook: p.of.order, shape: shaped },
    meta: { flowId: p.flowId, flowVersion: 1, executionId, stepId: "send", parentMessageId: p.of.messageIds.shape, traceId: executionId, attempt: 0, replayOf: p.of.executionId },
  };
  const failures: FailurePart[] = [
    { executionId, messageId: envelope.id, stepId: "send", flowVersion: 1, attempts: 1, errorKind: "step-error", error: again.message, httpStatus: 404, message: JSON.stringify(envelope), failedAt: new Date(t0) },
  ];
  const stored = await writeExecutions(services.db, { workspaceId: p.workspaceId, flowId: p.flowId, executions: [part], failures, cursor: "1-0", written: "2-0" });
  return { executionId, failedId: stored[0]?.id ?? null };
}

/** The messages waiting in a step's queue (its BullMQ jobs), one entry per job. */
export async function queuedAt(services: ApiServices, flowId: string, stepId: string): Promise<Array<{ jobId: string; message: MessageEnvelope }>> {
  const queue = new Queue<StepJobData>(stepId, { connection: services.redis, prefix: flowQueuePrefix(flowId) });
  try {
    const jobs = await queue.getJobs(["waiting", "delayed", "prioritized", "active"]);
    return jobs.flatMap((job) => job.data.messages.map((message) => ({ jobId: String(job.id), message })));
  } finally {
    await queue.close();
  }
}
