import type { MessageEnvelope } from "./envelope";

/** What replaying needs of a step record (see @interflow/db StepRecordView). */
export interface ReplayRecord {
  messageId: string;
  parentMessageId: string | null;
  stepId: string;
  attempt: number;
  status: "ok" | "retrying" | "failed" | "dropped";
  input: unknown;
  inputCut: boolean;
  inputHeaders: Record<string, unknown> | null;
  output: unknown;
}

/**
 * A message sent again as a new execution (`executionId`) that links to the one it came from: the
 * same message id (the receiver's idempotency key) and what it carried, entering the flow at
 * `stepId` on `flowVersion`, tried afresh; `body` replaces its body (an edited retry).
 */
export function replayedMessage(p: {
  message: MessageEnvelope;
  executionId: string;
  replayOf: string;
  stepId: string;
  flowVersion: number;
  body?: unknown;
}): MessageEnvelope {
  const { message } = p;
  return {
    ...message,
    body: p.body === undefined ? message.body : p.body,
    meta: {
      ...message.meta,
      flowVersion: p.flowVersion,
      executionId: p.executionId,
      traceId: p.executionId,
      stepId: p.stepId,
      parentMessageId: null,
      attempt: 0,
      replayOf: p.replayOf,
    },
  };
}

/**
 * The messages of an execution as they reached `stepId`, rebuilt from its step records: each one's
 * body and headers, and what earlier steps gave it (`$steps`), walking up the steps that emitted
 * it. A message whose input at that step, or at a step before it, was not kept or was cut cannot
 * be rebuilt: it is named in `problems`.
 */
export function messagesAtStep(p: {
  records: readonly ReplayRecord[];
  stepId: string;
  flowId: string;
  flowVersion: number;
  executionId: string;
}): { messages: MessageEnvelope[]; problems: string[] } {
  const firstTries = p.records.filter((r) => r.stepId === p.stepId && r.attempt === 0);
  const seen = new Set<string>();
  const messages: MessageEnvelope[] = [];
  const problems: string[] = [];
  for (const record of firstTries) {
    if (seen.has(record.messageId)) continue;
    seen.add(record.messageId);
    if (record.inputCut) {
      problems.push(`its input at step "${p.stepId}" was cut at 64 KB`);
      continue;
    }
    if (record.input === null || record.input === undefined) {
      problems.push(`its input at step "${p.stepId}" is not kept (the flow keeps bodies only of failures, or retention removed them)`);
      continue;
    }
    const steps = stepsOf(p.records, record);
    if (typeof steps === "string") {
      problems.push(steps);
      continue;
    }
    messages.push({
      id: record.messageId,
      body: record.input,
      headers: record.inputHeaders ?? {},
      attachments: [],
      steps,
      meta: {
        flowId: p.flowId,
        flowVersion: p.flowVersion,
        executionId: p.executionId,
        stepId: p.stepId,
        parentMessageId: record.parentMessageId,
        traceId: p.executionId,
        attempt: 0,
      },
    });
  }
  return { messages, problems };
}

/**
 * `$steps` of the message of `record`: each step that emitted it or one of its forebears, with the
 * body it emitted on this path (a message's body is what its emitter emitted; its forebear's body
 * is that one's input at the emitter). A poll run's message was emitted by the trigger's record of
 * the same message, which has no input.
 */
function stepsOf(records: readonly ReplayRecord[], record: ReplayRecord): Record<string, unknown> | string {
  const steps: Record<string, unknown> = {};
  let messageId = record.messageId;
  let parentId = record.parentMessageId;
  let body = record.input;
  for (let depth = 0; depth < 1_000; depth++) {
    if (parentId === null) {
      const poll = records.find((r) => r.messageId === messageId && r.status === "ok" && r.input === null && r.attempt === 0);
      if (poll) steps[poll.stepId] ??= body;
      return steps;
    }
    const emitter = records.find((r) => r.messageId === parentId && r.status === "ok");
    if (!emitter) return `the step record of message ${parentId} (which emitted it) is not kept`;
    steps[emitter.stepId] ??= body;
    if (emitter.input === null || emitter.inputCut) return `the input of step "${emitter.stepId}" before it is not kept whole`;
    messageId = emitter.messageId;
    parentId = emitter.parentMessageId;
    body = emitter.input;
  }
  return "its steps go back too far";
}
