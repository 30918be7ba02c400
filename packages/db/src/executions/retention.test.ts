// The retention sweep on real PostgreSQL: executions and failed messages past their days go (failed
// ones still unresolved are counted), bodies of successful executions go after theirs, the row
// cap removes the oldest (counted), and what deleted flows left goes — in small batches.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db";
import { createFlow } from "../flows/create-flow";
import { applyMigrations } from "../migrations/apply-migrations";
import { webhookFlowDocument } from "../testing/flow-documents";
import { createScratchDatabase } from "../testing/scratch-database";
import { newWorkspace } from "../testing/test-db";
import { testDatabaseUrl } from "../testing/test-env";
import { getExecution } from "./executions";
import { sweepRetention } from "./retention";
import { type ExecutionPart, type FailurePart, writeExecutions } from "./write-executions";

// A database of its own: the sweep goes through every workspace, and the shared test database holds
// thousands that the other packages' tests make meanwhile (it took 30 s there with batches of 2)
let db: Db;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
beforeAll(async () => {
  scratch = await createScratchDatabase(testDatabaseUrl());
  await applyMigrations({ databaseUrl: scratch.url, log: () => {} });
  db = createDb(scratch.url);
});
afterAll(async () => {
  await db?.close();
  await scratch?.drop();
});
const DAY = 24 * 3600_000;
const now = new Date("2026-12-06T12:00:00Z");

function execution(p: { daysAgo: number; status?: "ok" | "failed" }): ExecutionPart {
  const startedAt = new Date(now.getTime() - p.daysAgo * DAY);
  const failed = p.status === "failed" ? 1 : 0;
  const record = JSON.stringify({ executionId: "x", messageId: "m", stepId: "webhook", status: failed ? "failed" : "ok", attempt: 0, startedAt: startedAt.getTime(), durationMs: 1, input: { secret: "body" }, output: [{ out: 1 }], inputHeaders: { a: "b" } });
  return {
    id: randomUUID(),
    flowVersion: 1,
    pending: 0,
    retrying: 0,
    steps: 1,
    failed,
    dropped: 0,
    errorStep: failed ? "webhook" : null,
    error: failed ? "boom" : null,
    startedAt,
    endedAt: startedAt,
    replayOf: null,
    messageId: null,
    stepIds: ["webhook"],
    records: `[${record}]`,
    hasBodies: true,
    lastEntryId: "1-0",
  };
}

const failure = (executionId: string, daysAgo: number): FailurePart => ({
  executionId,
  messageId: randomUUID(),
  stepId: "webhook",
  flowVersion: 1,
  attempts: 1,
  errorKind: "step-error",
  error: "boom",
  httpStatus: null,
  message: JSON.stringify({ id: "m", body: {}, meta: {} }),
  failedAt: new Date(now.getTime() - daysAgo * DAY),
});

async function flowWith(workspaceId: string, executions: ExecutionPart[], failures: FailurePart[] = []) {
  const flow = await createFlow(db, { workspaceId, document: webhookFlowDocument() });
  await writeExecutions(db, { workspaceId, flowId: flow.id, executions, failures, cursor: "1-1", written: "1-0" });
  return flow.id;
}

describe("retention", () => {
  it("removes executions and failed messages past their days and bodies past theirs, counting failed messages nobody resolved", async () => {
    const workspaceId = await newWorkspace(db);
    const old = execution({ daysAgo: 40 });
    const oldFailed = execution({ daysAgo: 35, status: "failed" });
    const weekOld = execution({ daysAgo: 10 });
    const weekOldFailed = execution({ daysAgo: 10, status: "failed" });
    const fresh = execution({ daysAgo: 1 });
    const flowId = await flowWith(workspaceId, [old, oldFailed, weekOld, weekOldFailed, fresh], [failure(oldFailed.id, 35), failure(weekOldFailed.id, 10)]);
    await db.prisma.failedMessage.updateMany({ where: { flowId, executionId: weekOldFailed.id }, data: { status: "discarded" } });

    // small batches: several statements, the same outcome
    const swept = await sweepRetention(db, { now, batch: 2 });
    const left = (await db.prisma.execution.findMany({ where: { flowId }, select: { id: true } })).map((e) => e.id).sort();
    expect(left).toEqual([weekOld.id, weekOldFailed.id, fresh.id].sort());
    expect(swept.expiredUnresolved.get(flowId)).toBe(1);
    expect(await db.prisma.failedMessage.count({ where: { flowId } })).toBe(1);

    // the successful execution older than 7 days keeps its records, without their bodies
    const stripped = await getExecution(db, { workspaceId, executionId: weekOld.id });
    expect(stripped.hasBodies).toBe(false);
    expect(stripped.records).toEqual([expect.objectContaining({ stepId: "webhook", status: "ok", input: null, output: null, inputHeaders: null })]);
    // a failed one keeps them for its whole retention, and a fresh one too
    expect((await getExecution(db, { workspaceId, executionId: weekOldFailed.id })).records[0]?.input).toEqual({ secret: "body" });
    expect((await getExecution(db, { workspaceId, executionId: fresh.id })).records[0]?.input).toEqual({ secret: "body" });

    // a second sweep finds nothing more to do
    const again = await sweepRetention(db, { now, batch: 2 });
    expect(await db.prisma.execution.count({ where: { flowId } })).toBe(3);
    expect(again.expiredUnresolved.get(flowId)).toBeUndefined();
  });

  it("keeps a workspace within its row cap, the oldest going first, counted on the workspace; a workspace's own days apply", async () => {
    const workspaceId = await newWorkspace(db);
    await db.prisma.workspace.update({ where: { id: workspaceId }, data: { executionRowCap: 3, executionRetentionDays: 5 } });
    const a = await flowWith(workspaceId, [execution({ daysAgo: 4 }), execution({ daysAgo: 2 })]);
    const b = await flowWith(workspaceId, [execution({ daysAgo: 3 }), execution({ daysAgo: 1 }), execution({ daysAgo: 0.5 }), execution({ daysAgo: 6 })]);
    const swept = await sweepRetention(db, { now, batch: 1 });
    // 6 days is past the workspace's 5; of the 5 left, the 2 oldest go for the cap of 3
    const kept = await db.prisma.execution.findMany({ where: { flowId: { in: [a, b] } }, select: { startedAt: true }, orderBy: { startedAt: "asc" } });
    expect(kept.map((e) => (now.getTime() - e.startedAt.getTime()) / DAY)).toEqual([2, 1, 0.5]);
    expect(swept.trimmed).toBe(2);
    expect((await db.prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId } })).executionsTrimmed).toBe(2n);
  });

  it("removes what a deleted flow left", async () => {
    const workspaceId = await newWorkspace(db);
    const flowId = await flowWith(workspaceId, [execution({ daysAgo: 1 })], []);
    await db.prisma.flow.delete({ where: { id: flowId } });
    await sweepRetention(db, { now });
    expect(await db.prisma.execution.count({ where: { flowId } })).toBe(0);
    expect(await db.prisma.executionStream.count({ where: { flowId } })).toBe(0);
  });
});
