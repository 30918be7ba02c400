// Executions written in bulk against real PostgreSQL: one statement per batch with the stream
// cursor, parts appended to an execution written before, failed messages kept once.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createFlow } from "../flows/create-flow";
import { webhookFlowDocument } from "../testing/flow-documents";
import { newWorkspace, useTestDb } from "../testing/test-db";
import { getExecution, listExecutions } from "./executions";
import { listFailedMessages } from "./failed-messages";
import { type ExecutionPart, readStreamCursor, writeExecutions, writtenEntries } from "./write-executions";

const db = useTestDb();

async function newFlow() {
  const workspaceId = await newWorkspace(db);
  const flow = await createFlow(db, { workspaceId, document: webhookFlowDocument() });
  return { workspaceId, flowId: flow.id };
}

const record = (p: { messageId: string; stepId: string; status?: string; body?: unknown; error?: string }) =>
  JSON.stringify({
    executionId: "x",
    messageId: p.messageId,
    parentMessageId: null,
    stepId: p.stepId,
    status: p.status ?? "ok",
    attempt: 0,
    startedAt: Date.parse("2026-12-06T10:00:00Z"),
    durationMs: 5,
    replica: 0,
    flowVersion: 1,
    outputs: 1,
    pending: 0,
    retrying: 0,
    replayOf: null,
    errorKind: p.error ? "step-error" : null,
    errorMessage: p.error ?? null,
    httpStatus: p.error ? 404 : null,
    inputCut: false,
    outputCut: false,
    attempts: 1,
    input: p.body ?? null,
    inputHeaders: null,
    output: null,
  });

function part(id: string, over: Partial<Omit<ExecutionPart, "records">> & { records: string[] }): ExecutionPart {
  return {
    id,
    flowVersion: 1,
    pending: 0,
    retrying: 0,
    steps: over.records.length,
    failed: 0,
    dropped: 0,
    errorStep: null,
    error: null,
    startedAt: new Date("2026-12-06T10:00:00Z"),
    endedAt: new Date("2026-12-06T10:00:01Z"),
    replayOf: null,
    messageId: null,
    stepIds: ["webhook"],
    hasBodies: true,
    lastEntryId: "1-0",
    ...over,
    records: `[${over.records.join(",")}]`,
  };
}

describe("writing executions", () => {
  it("writes executions, failed messages and the cursor together; a later part is appended and summed", async () => {
    const { workspaceId, flowId } = await newFlow();
    const id = randomUUID();
    // a text with the separator and quotes inside must come back as it went
    const odd = 'a "quoted" \u0001 text, with, commas';
    const failure = {
      executionId: id,
      messageId: "m2",
      stepId: "deliver",
      flowVersion: 1,
      attempts: 3,
      errorKind: "step-error",
      error: odd,
      httpStatus: 404,
      message: JSON.stringify({ id: "m2", body: { n: 1, text: odd }, headers: {}, attachments: [], steps: {}, meta: { flowId, flowVersion: 1, executionId: id, stepId: "deliver", parentMessageId: "m1", traceId: id, attempt: 2 } }),
      failedAt: new Date("2026-12-06T10:00:02Z"),
    };
    const stored = await writeExecutions(db, {
      workspaceId,
      flowId,
      executions: [part(id, { records: [record({ messageId: "m1", stepId: "webhook", body: { n: 1, text: odd } })], pending: 1 })],
      failures: [failure],
      cursor: "5-0",
      written: "7-0",
    });
    expect(stored).toEqual([expect.objectContaining({ executionId: id, messageId: "m2", stepId: "deliver", error: odd.replace("\u0001", "\uFFFD"), httpStatus: 404, errorNotification: false, body: { n: 1, text: odd } })]);
    expect(await readStreamCursor(db, { flowId })).toEqual({ cursor: "5-0", written: "7-0" });
    let execution = await getExecution(db, { workspaceId, executionId: id });
    expect(execution).toMatchObject({ status: "running", pending: 1, steps: 1 });
    expect(execution.records[0]?.input).toEqual({ n: 1, text: odd });

    // the rest of it, in a later batch: appended to its records, its sums added up
    await writeExecutions(db, {
      workspaceId,
      flowId,
      executions: [part(id, { records: [record({ messageId: "m2", stepId: "deliver", status: "failed", error: "boom" })], pending: -1, failed: 1, errorStep: "deliver", error: "boom", stepIds: ["deliver"], lastEntryId: "9-0" })],
      failures: [failure],
      cursor: "10-0",
      written: "9-0",
    });
    execution = await getExecution(db, { workspaceId, executionId: id });
    expect(execution).toMatchObject({ status: "failed", pending: 0, steps: 2, failed: 1, errorStep: "deliver", error: "boom" });
    expect(execution.records.map((r) => `${r.stepId}:${r.status}`)).toEqual(["webhook:ok", "deliver:failed"]);
    expect((await writtenEntries(db, { flowId, ids: [id, "other"] })).get(id)).toBe("9-0");
    // the same failed message told twice is kept once
    expect((await listFailedMessages(db, { workspaceId, flowId, limit: 10 })).total).toBe(1);
    const page = await listExecutions(db, { workspaceId, flowId, limit: 10, stepId: "deliver" });
    expect(page.items.map((e) => e.id)).toEqual([id]);
    expect((await listExecutions(db, { workspaceId, flowId, limit: 10, stepId: "transform" })).items).toEqual([]);
  });

  it("a batch with no execution moves the cursor alone", async () => {
    const { workspaceId, flowId } = await newFlow();
    expect(await writeExecutions(db, { workspaceId, flowId, executions: [], failures: [], cursor: "3-1", written: "3-0" })).toEqual([]);
    expect(await readStreamCursor(db, { flowId })).toEqual({ cursor: "3-1", written: "3-0" });
  });
});
