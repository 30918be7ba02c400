import { describe, expect, it } from "vitest";
import type { ExecutionDetail, ExecutionSummary, FailedMessage, FailedMessagesPage } from "./client";
import { formatDuration, formatExecution, formatExecutionList, formatFailedMessages, formatSentAgain } from "./execution-output";

const execution = (over: Partial<ExecutionSummary>): ExecutionSummary => ({
  id: "x1",
  flowId: "f1",
  flowVersion: 2,
  status: "ok",
  messageId: "x1",
  pending: 0,
  retrying: 0,
  steps: 3,
  failed: 0,
  dropped: 0,
  errorStep: null,
  error: null,
  startedAt: "2026-12-06T10:00:00.000Z",
  endedAt: "2026-12-06T10:00:00.120Z",
  durationMs: 120,
  replayOf: null,
  hasBodies: true,
  ...over,
});

const failedMessage = (over: Partial<FailedMessage>): FailedMessage => ({
  id: "fm-1",
  messageId: "m2",
  executionId: "x2",
  flowVersion: 2,
  stepId: "send",
  attempts: 3,
  error: "the CRM answered 404",
  errorKind: "step-error",
  httpStatus: 404,
  body: { order: 7 },
  headers: {},
  failedAt: "2026-12-06T10:00:02.000Z",
  status: "failed",
  resolvedAt: null,
  resolvedBy: null,
  retriedAs: null,
  ...over,
});

const noneLost = { expiredUnresolved: 0, unrecorded: 0, errorFlowUndelivered: 0 };

describe("execution output", () => {
  it("writes durations the way people read them", () => {
    expect([0, 850, 1_000, 12_340, 247_000, 7_500_000].map(formatDuration)).toEqual(["0 ms", "850 ms", "1.0 s", "12.3 s", "4 min 7 s", "2 h 5 min"]);
  });

  it("tables executions with their error on one line, and says when there are none or more", () => {
    const failed = execution({ id: "x2", status: "failed", steps: 2, failed: 1, errorStep: "send", error: "the CRM\nanswered 404", durationMs: 12_340 });
    expect(formatExecutionList({ items: [execution({}), failed], total: 2 }, false)).toBe(
      [
        "ID  STATUS  STARTED                   DURATION  STEPS  ERROR",
        "x1  ok      2026-12-06T10:00:00.000Z  120 ms    3      -",
        "x2  failed  2026-12-06T10:00:00.000Z  12.3 s    2      send: the CRM answered 404",
        "",
      ].join("\n"),
    );
    expect(formatExecutionList({ items: [execution({})], total: 120 }, false)).toMatch(/\n1 of 120 shown; --limit <n> shows more \(at most 500\)\n$/);
    expect(formatExecutionList({ items: [], total: 0 }, false)).toBe("no executions yet\n");
    expect(formatExecutionList({ items: [], total: 0 }, true)).toBe("no executions match\n");
  });

  it("shows an execution and each try of each step with its error, input and output", () => {
    const detail: ExecutionDetail = {
      ...execution({ status: "failed", steps: 2, failed: 1, errorStep: "send", error: "not found", replayOf: "x0", durationMs: 1_500 }),
      flowName: "Orders",
      records: [
        {
          messageId: "x1",
          parentMessageId: null,
          stepId: "hook",
          attempt: 0,
          status: "ok",
          startedAt: "2026-12-06T10:00:00.000Z",
          durationMs: 3,
          replica: 0,
          flowVersion: 2,
          outputs: 1,
          error: null,
          input: { order: 7 },
          inputCut: false,
          inputHeaders: null,
          output: [{ order: 7 }],
          outputCut: false,
          filtered: 0,
        },
        {
          messageId: "m2",
          parentMessageId: "x1",
          stepId: "send",
          attempt: 2,
          status: "failed",
          startedAt: "2026-12-06T10:00:01.000Z",
          durationMs: 40,
          replica: 1,
          flowVersion: 2,
          outputs: 0,
          error: { kind: "step-error", message: "not found", httpStatus: 404 },
          input: '{"order":7,"lines":[1,2,',
          inputCut: true,
          inputHeaders: null,
          output: null,
          outputCut: false,
          filtered: 0,
        },
      ],
    };
    expect(formatExecution(detail)).toBe(
      [
        "Execution  x1",
        "Status     failed (2 steps passed, 1 failed, 0 dropped, 0 on their way)",
        "Flow       Orders (f1), version 2",
        "Message    x1",
        "Started    2026-12-06T10:00:00.000Z",
        "Duration   1.5 s",
        "Replay of  x0",
        "Error      send: not found",
        "",
        "Steps",
        "  hook  try 1  ok      3 ms   2026-12-06T10:00:00.000Z",
        '    input   {"order":7}',
        '    output  [{"order":7}]',
        "  send  try 3  failed  40 ms  2026-12-06T10:00:01.000Z  error (step-error, HTTP 404) not found",
        '    input   {"order":7,"lines":[1,2, … [cut at 64 KB]',
        "    output  - (not kept)",
        "",
      ].join("\n"),
    );
    expect(formatExecution({ ...detail, records: [] })).toMatch(/\nno step records kept\n$/);
  });

  it("tables failed messages, then what was lost without one, when anything was", () => {
    const page: FailedMessagesPage = { items: [failedMessage({}), failedMessage({ id: "fm-2", httpStatus: null, error: "timed out", attempts: 1 })], total: 2, more: false, ...noneLost };
    expect(formatFailedMessages(page)).toBe(
      [
        "ID    STEP  TRIES  FAILED AT                 EXECUTION  ERROR",
        "fm-1  send  3      2026-12-06T10:00:02.000Z  x2         HTTP 404: the CRM answered 404",
        "fm-2  send  1      2026-12-06T10:00:02.000Z  x2         timed out",
        "",
      ].join("\n"),
    );
    expect(formatFailedMessages({ items: [], total: 0, more: false, ...noneLost })).toBe("no failed messages\n");
    expect(formatFailedMessages({ items: [], total: 0, more: false, expiredUnresolved: 2, unrecorded: 0, errorFlowUndelivered: 5 })).toBe(
      [
        "no failed messages",
        "expired unresolved: 2 (failed messages retention removed before anyone retried or discarded them)",
        "error flow undelivered: 5 (failed messages the flow's error flow could not be told of)",
        "",
      ].join("\n"),
    );
  });

  it("says how many were sent again, and each one skipped with why", () => {
    expect(formatSentAgain("retried", { sent: 2, executions: ["a", "b"], skipped: [] })).toBe("retried 2\n");
    expect(formatSentAgain("replayed", { sent: 0, executions: [], skipped: [{ id: "x1", reason: 'its input at step "hook" is not kept' }] })).toBe(
      'replayed 0\nskipped x1: its input at step "hook" is not kept\n',
    );
  });
});
