import { applyMigrations, createDb } from "@interflow/db";
import { writeStepRecords } from "./src/executions/write-step-records";
// @ts-expect-error
import { ensurePostgres } from "../../scripts/services.mjs";
const pg = await ensurePostgres({ dataDir: "/work/main/.data/test", port: 5434 });
await applyMigrations({ databaseUrl: pg.url });
const db = createDb(pg.url);
const rec = (o: any) => JSON.stringify({ executionId: "e1", messageId: "m1", parentMessageId: null, stepId: "a", status: "ok", attempt: 0, startedAt: Date.now(), durationMs: 3, replica: 0, flowVersion: 1, outputs: 1, pending: 1, retrying: 0, replayOf: null, errorKind: null, errorMessage: null, httpStatus: null, input: { x: 1 }, inputCut: false, output: [{ y: 2 }], outputCut: false, attempts: 1, message: null, ...o });
const r1 = [rec({}), rec({ messageId: "m2", parentMessageId: "m1", stepId: "b", status: "failed", pending: -1, errorKind: "step-error", errorMessage: "boom", httpStatus: 500, message: { id: "m2", body: { z: 1 }, meta: {} } })];
console.log(await writeStepRecords(db, { workspaceId: "ws", flowId: "f1", keeping: "all", records: `[${r1.join(",")}]`, lastEntryId: "1-0" }));
console.log(await db.prisma.execution.findMany({ where: { flowId: "f1" } }));
console.log(await db.prisma.stepRecord.count({ where: { flowId: "f1" } }), await db.prisma.executionStream.findMany());
await db.prisma.$executeRawUnsafe(`DELETE FROM "Execution" WHERE "flowId"='f1'; `);
await db.prisma.$executeRawUnsafe(`DELETE FROM "StepRecord" WHERE "flowId"='f1'`);
await db.prisma.$executeRawUnsafe(`DELETE FROM "FailedMessage" WHERE "flowId"='f1'`);
await db.close();
