// What recording executions costs the database: step records of the example flow (webhook →
// transform → http, a ~330-byte order) built as runners build them, summed up and written as the
// worker does (OpenExecutions + writeExecutions), into this bench's PostgreSQL. Reports the time,
// the CPU of the writing process and of PostgreSQL, and the table's size — per 1 million step records.
import { type Db, writeExecutions } from "@interflow/db";
import type { MessageEnvelope } from "@interflow/flow";
import { recordsEntry, splitEntry } from "@interflow/queue";
import { StepRecords } from "@interflow/runner";
import { OpenExecutions } from "../apps/worker/src/executions/open-executions";
import { cpuSeconds, postgresCpuSeconds } from "./process-cpu";

export interface StorageFigures {
  stepRecords: number;
  executions: number;
  seconds: number;
  recordsPerSecond: number;
  /** per 1 million step records */
  perMillion: { tableMb: number; writeSeconds: number; writerCpuSeconds: number; postgresCpuSeconds: number };
}

/** The bench's order record (~330 bytes of JSON), the same in every scenario. */
export const benchOrder = (id: string) => ({
  id,
  source: "webshop",
  createdAt: "2026-11-26T10:15:00Z",
  customer: { name: "Ada Lovelace", email: "Ada.Lovelace@Example.org", tier: "gold" },
  items: [
    { sku: "A-1", price: 19.9, quantity: 2 },
    { sku: "B-7", price: 5.5, quantity: 1 },
  ],
  shipping: { city: "London", country: "GB" },
});
const headers = { method: "POST", path: "/", query: {}, headers: { "content-type": "application/json", "user-agent": "curl/8", accept: "*/*", "content-length": "331" } };

/** The three step records of one execution, as the runners of the example flow hand them over. */
function executionRecords(flowId: string, n: number, steps: Record<string, StepRecords>): string[] {
  const id = `exec-${n}-${Math.random().toString(36).slice(2)}`;
  const meta = (stepId: string, parent: string | null, index?: number) => ({ flowId, flowVersion: 1, executionId: id, stepId, parentMessageId: parent, traceId: id, attempt: 0, ...(index !== undefined ? { index } : {}) });
  const root: MessageEnvelope = { id, body: benchOrder(`ord-${n}`), headers, attachments: [], steps: {}, meta: meta("webhook", null) };
  const mapped = { orderId: `ord-${n}`, customer: "Ada Lovelace", email: "ada.lovelace@example.org", total: 45.3, items: 2, receivedVia: "POST" };
  const t0 = Date.now();
  const transformIn: MessageEnvelope = { id: `${id}-t`, body: root.body, headers, attachments: [], steps: { webhook: root.body }, meta: meta("webhook", id, 0) };
  const deliverIn: MessageEnvelope = { id: `${id}-d`, body: mapped, headers: {}, attachments: [], steps: { webhook: root.body, transform: mapped }, meta: meta("transform", transformIn.id, 0) };
  const response = { status: 200, headers: { "content-type": "application/json", "content-length": "11", date: new Date(t0).toUTCString(), connection: "keep-alive" }, body: { ok: true } };
  return [
    steps.webhook?.of({ message: root, status: "ok", startedAt: t0, durationMs: 1, outputs: [{ body: root.body, headers: root.headers }] })?.json,
    steps.transform?.of({ message: transformIn, status: "ok", startedAt: t0 + 2, durationMs: 1, outputs: [{ body: mapped, headers: {} }] })?.json,
    steps.deliver?.of({ message: deliverIn, status: "ok", startedAt: t0 + 4, durationMs: 3, outputs: [{ body: response, headers: {} }] })?.json,
  ].filter((r): r is string => r !== undefined);
}

export async function measureExecutionStorage(p: { db: Db; workspaceId: string; flowId: string; stepRecords: number }): Promise<StorageFigures> {
  const { db, workspaceId, flowId } = p;
  const steps = {
    webhook: new StepRecords({ stepId: "webhook", replica: 0, flowVersion: 1, next: 1, mode: "all" }),
    transform: new StepRecords({ stepId: "transform", replica: 0, flowVersion: 1, next: 1, mode: "all" }),
    deliver: new StepRecords({ stepId: "deliver", replica: 0, flowVersion: 1, next: 0, mode: "all" }),
  };
  const executions = Math.ceil(p.stepRecords / 3);
  const open = new OpenExecutions();
  const sizeBefore = await tableBytes(db);
  const cpuBefore = { writer: cpuSeconds(process.pid), postgres: postgresCpuSeconds() };
  const started = Date.now();
  let entry = 0;
  // one stream entry per job of 20 messages, one write per 500 executions, as the recorder does
  for (let n = 0; n < executions; n += 500) {
    const texts: string[] = [];
    for (let k = n; k < Math.min(n + 500, executions); k += 20) {
      const records: string[] = [];
      for (let j = k; j < Math.min(k + 20, executions); j++) records.push(...executionRecords(flowId, j, steps));
      texts.push(recordsEntry(records));
    }
    for (const text of texts) open.add(`${Date.now()}-${entry++}`, splitEntry(text), "all");
    const parts = open.take({ now: Date.now(), holdMs: 5_000, maxOpen: 20_000 });
    await writeExecutions(db, { workspaceId, flowId, executions: parts, failures: [], cursor: `${entry}-0`, written: `${entry}-0` });
  }
  const seconds = (Date.now() - started) / 1000;
  const cpu = { writer: cpuSeconds(process.pid) - cpuBefore.writer, postgres: postgresCpuSeconds() - cpuBefore.postgres };
  await db.prisma.$executeRawUnsafe(`VACUUM ANALYZE "Execution"`);
  const tableMb = (await tableBytes(db)) - sizeBefore;
  const records = executions * 3;
  const scale = 1_000_000 / records;
  return {
    stepRecords: records,
    executions,
    seconds: Math.round(seconds * 10) / 10,
    recordsPerSecond: Math.round(records / seconds),
    perMillion: {
      tableMb: Math.round((tableMb * scale) / 1024 / 1024),
      writeSeconds: Math.round(seconds * scale * 10) / 10,
      writerCpuSeconds: Math.round(cpu.writer * scale * 10) / 10,
      postgresCpuSeconds: Math.round(cpu.postgres * scale * 10) / 10,
    },
  };
}

async function tableBytes(db: Db): Promise<number> {
  const [row] = await db.prisma.$queryRawUnsafe<Array<{ bytes: bigint }>>(`SELECT pg_total_relation_size('"Execution"') AS bytes`);
  return Number(row?.bytes ?? 0);
}
