// Executions of the tests' order flow (hook → shape → send) written to PostgreSQL with
// writeExecutions, the way the worker writes what the runners recorded.
import { randomUUID } from "node:crypto";
import { type Db, writeExecutions } from "@interflow/db";

export interface OrderExecution {
  executionId: string;
  /** the message that failed at `send` (also its failed message's message id) */
  sendMessageId: string;
}

interface RecordOf {
  executionId: string;
  messageId: string;
  parentMessageId: string | null;
  stepId: string;
  attempt: number;
  status: "ok" | "retrying" | "failed";
  at: Date;
  input: unknown;
  output?: unknown;
  error?: { message: string; httpStatus: number };
}

/** One step record as the runner hands it over (see @interflow/queue RecordMeta). */
function record(r: RecordOf): string {
  return JSON.stringify({
    executionId: r.executionId,
    messageId: r.messageId,
    parentMessageId: r.parentMessageId,
    stepId: r.stepId,
    status: r.status,
    attempt: r.attempt,
    startedAt: r.at.getTime(),
    durationMs: 7,
    replica: 0,
    flowVersion: 1,
    outputs: r.status === "ok" ? 1 : 0,
    pending: 0,
    retrying: 0,
    replayOf: null,
    errorKind: r.error ? "step-error" : null,
    errorMessage: r.error?.message ?? null,
    httpStatus: r.error?.httpStatus ?? null,
    inputCut: false,
    outputCut: false,
    attempts: r.attempt + 1,
    input: r.input,
    inputHeaders: null,
    output: r.output ?? null,
  });
}

let entry = 0;

/**
 * An execution of order `order` that started at `startedAt`: the order went through hook and shape;
 * at send it was delivered, or (`failed`) refused 3 times with a 404 and kept as a failed message.
 * `keptInput: false`: the hook's input was not kept (a flow keeping bodies of failures only).
 */
export async function writeOrderExecution(
  db: Db,
  p: { workspaceId: string; flowId: string; order: number; startedAt: Date; failed: boolean; keptInput?: boolean },
): Promise<OrderExecution> {
  const executionId = randomUUID();
  const shapeMessageId = randomUUID();
  const sendMessageId = randomUUID();
  const at = (ms: number) => new Date(p.startedAt.getTime() + ms);
  const order = { id: p.order };
  const shaped = { order: p.order };
  const common = { executionId, stepId: "send", messageId: sendMessageId, parentMessageId: shapeMessageId, input: shaped };
  const refused = { message: "the CRM answered 404: no such customer", httpStatus: 404 };
  const send = p.failed
    ? [
        record({ ...common, attempt: 0, status: "retrying", at: at(20), error: refused }),
        record({ ...common, attempt: 1, status: "retrying", at: at(1_020), error: refused }),
        record({ ...common, attempt: 2, status: "failed", at: at(3_020), error: refused }),
      ]
    : [record({ ...common, attempt: 0, status: "ok", at: at(20), output: [{ accepted: true }] })];
  const records = [
    record({ executionId, messageId: executionId, parentMessageId: null, stepId: "hook", attempt: 0, status: "ok", at: p.startedAt, input: p.keptInput === false ? null : order, output: [order] }),
    record({ executionId, messageId: shapeMessageId, parentMessageId: executionId, stepId: "shape", attempt: 0, status: "ok", at: at(10), input: order, output: [shaped] }),
    ...send,
  ];
  entry += 1;
  await writeExecutions(db, {
    workspaceId: p.workspaceId,
    flowId: p.flowId,
    executions: [
      {
        id: executionId,
        flowVersion: 1,
        pending: 0,
        retrying: 0,
        steps: 3,
        failed: p.failed ? 1 : 0,
        dropped: 0,
        errorStep: p.failed ? "send" : null,
        error: p.failed ? refused.message : null,
        startedAt: p.startedAt,
        endedAt: at(p.failed ? 3_027 : 27),
        replayOf: null,
        messageId: null,
        stepIds: ["hook", "shape", "send"],
        records: `[${records.join(",")}]`,
        hasBodies: true,
        lastEntryId: `${entry}-0`,
      },
    ],
    failures: p.failed
      ? [
          {
            executionId,
            messageId: sendMessageId,
            stepId: "send",
            flowVersion: 1,
            attempts: 3,
            errorKind: "step-error",
            error: refused.message,
            httpStatus: refused.httpStatus,
            message: JSON.stringify({
              id: sendMessageId,
              body: shaped,
              headers: {},
              attachments: [],
              steps: { hook: order },
              meta: { flowId: p.flowId, flowVersion: 1, executionId, stepId: "send", parentMessageId: shapeMessageId, traceId: executionId, attempt: 2 },
            }),
            failedAt: at(3_027),
          },
        ]
      : [],
    cursor: `${entry}-1`,
    written: `${entry}-0`,
  });
  return { executionId, sendMessageId };
}

/** A flow of three steps (webhook → transform → http) as the CLI tests import it. */
export const orderFlow = {
  schema: "interflow/flow@1",
  name: "Orders to CRM",
  nodes: [
    { id: "hook", component: "webhook", function: "receive" },
    { id: "shape", component: "transform", function: "map", config: { expression: "{ 'order': id }" } },
    { id: "send", component: "http", function: "request", config: { url: "http://crm.example.test/orders" } },
  ],
  edges: [
    { source: "hook", target: "shape" },
    { source: "shape", target: "send" },
  ],
};
