// `interflow flow executions|failed|retry|discard|replay` and `execution show`: the built CLI against
// the real API on PostgreSQL and Redis. No worker runs here: executions and failed messages are
// written with writeExecutions as the worker writes them, the flow is moved to running as the worker
// moves it, and what a retry or replay sends is read from the step's queue.
import { randomUUID } from "node:crypto";
import { listFailedMessages, recordTransition } from "@interflow/db";
import { keys } from "@interflow/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInterflowClient } from "./client";
import { type CliHarness, expectOneErrorLine, startCliHarness } from "./testing/cli-harness";
import { type OrderExecution, orderFlow, writeOrderExecution } from "./testing/order-executions";

const EXECUTION_TESTS_REDIS_DB = 2;


const REFUSED = "the CRM answered 404: no such customer";

let h: CliHarness;

const interflow = (args: string[], env: Record<string, string | undefined> = {}) => h.interflow(args, env);

async function importFlow(): Promise<string> {
  const run = await interflow(["flow", "import", h.writeFile(`flow-${randomUUID()}.json`, orderFlow), "--json"]);
  expect(run.stderr).toBe("");
  return (JSON.parse(run.stdout) as { id: string }).id;
}

function execution(flowId: string, p: { order: number; at: string; failed: boolean; keptInput?: boolean }): Promise<OrderExecution> {
  return writeOrderExecution(h.db, { workspaceId: h.workspaceId, flowId, order: p.order, startedAt: new Date(p.at), failed: p.failed, keptInput: p.keptInput });
}

/** The flow moved to running the way the worker moves it (retry and replay need its queues worked). */
async function markRunning(flowId: string): Promise<void> {
  await recordTransition(h.db, { flowId, from: "stopped", to: "starting", event: "start", cause: "test worker: start" });
  await recordTransition(h.db, { flowId, from: "starting", to: "running", event: "step-runners-up", cause: "test worker: runners up" });
}

/** The messages waiting in a step's queue (BullMQ: the wait list of job ids, each job a hash with its data). */
async function queuedMessages(flowId: string, stepId: string): Promise<Array<{ id: string; body: unknown; meta: Record<string, unknown> }>> {
  const queue = `if:{${flowId}}:${stepId}`;
  const jobIds = await h.services.redis.lrange(`${queue}:wait`, 0, -1);
  const jobs = await Promise.all(jobIds.map((jobId) => h.services.redis.hget(`${queue}:${jobId}`, "data")));
  return jobs.flatMap((data) => (JSON.parse(data ?? "{}") as { messages: Array<{ id: string; body: unknown; meta: Record<string, unknown> }> }).messages);
}

function jsonOf(run: { code: number; stdout: string; stderr: string }): any {
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

beforeAll(async () => {
  h = await startCliHarness({ redisDb: EXECUTION_TESTS_REDIS_DB });
});

afterAll(() => h?.close());

describe("interflow flow executions and execution show (built CLI against the real API)", () => {
  it("lists a flow's executions newest first: { items, total } with --json, a table without", async () => {
    const flowId = await importFlow();
    expect(await interflow(["flow", "executions", flowId])).toEqual({ code: 0, stdout: "no executions yet\n", stderr: "" });
    expect(jsonOf(await interflow(["flow", "executions", flowId, "--json"]))).toEqual({ items: [], total: 0 });

    const older = await execution(flowId, { order: 1, at: "2026-12-06T10:00:00Z", failed: false });
    const newer = await execution(flowId, { order: 2, at: "2026-12-06T10:05:00Z", failed: true });
    const page = jsonOf(await interflow(["flow", "executions", flowId, "--json"]));
    expect(Object.keys(page)).toEqual(["items", "total"]);
    expect(page.total).toBe(2);
    expect(page.items.map((e: { id: string; messageId: string; status: string }) => [e.id, e.messageId, e.status])).toEqual([
      [newer.executionId, newer.executionId, "failed"],
      [older.executionId, older.executionId, "ok"],
    ]);
    expect(page.items[0]).toMatchObject({ flowId, steps: 3, failed: 1, errorStep: "send", error: REFUSED, startedAt: "2026-12-06T10:05:00.000Z", durationMs: 3_027 });

    expect(jsonOf(await interflow(["flow", "executions", flowId, "--status", "failed", "--json"])).items.map((e: { id: string }) => e.id)).toEqual([newer.executionId]);
    expect(jsonOf(await interflow(["flow", "executions", flowId, "--status", "ok", "--status", "failed", "--step", "send", "--limit", "1", "--json"]))).toMatchObject({
      total: 2,
      items: [{ id: newer.executionId }],
    });

    const table = await interflow(["flow", "executions", flowId]);
    expect(table.stderr).toBe("");
    const [header, ...rows] = table.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^ID +STATUS +STARTED +DURATION +STEPS +ERROR$/);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(new RegExp(`^${newer.executionId} +failed +2026-12-06T10:05:00.000Z +3.0 s +3 +send: ${REFUSED}$`));
    expect(rows[1]).toMatch(new RegExp(`^${older.executionId} +ok +2026-12-06T10:00:00.000Z +27 ms +3 +-$`));
    expect((await interflow(["flow", "executions", flowId, "--limit", "1"])).stdout).toMatch(/\n1 of 2 shown; --limit <n> shows more \(at most 500\)\n$/);
    expect((await interflow(["flow", "executions", flowId, "--status", "dropped"])).stdout).toBe("no executions match\n");
  });

  it("refuses a wrong executions line, and another workspace's flow, in one line", async () => {
    const flowId = await importFlow();
    expect(expectOneErrorLine(await interflow(["flow", "executions", flowId, "--status", "lost"]))).toMatch(/^error: --status must be one of running, retrying, ok, failed, dropped \(got "lost"\); usage: /);
    expect(expectOneErrorLine(await interflow(["flow", "executions", flowId, "--limit", "501"]))).toBe("error: invalid input: limit: at most 500");
    expect(expectOneErrorLine(await interflow(["flow", "executions", flowId], { INTERFLOW_TOKEN: h.otherToken }))).toBe(`error: flow ${flowId} not found`);
  });

  it("execution show prints the execution and every try of every step; --json is the API's answer", async () => {
    const flowId = await importFlow();
    const { executionId, sendMessageId } = await execution(flowId, { order: 7, at: "2026-12-06T10:00:00Z", failed: true });

    const shown = await interflow(["execution", "show", executionId]);
    expect(shown.stderr).toBe("");
    expect(shown.code).toBe(0);
    const lines = shown.stdout.split("\n");
    expect(lines.slice(0, 8)).toEqual([
      `Execution  ${executionId}`,
      "Status     failed (3 steps passed, 1 failed, 0 dropped, 0 on their way)",
      `Flow       Orders to CRM (${flowId}), version 1`,
      `Message    ${executionId}`,
      "Started    2026-12-06T10:00:00.000Z",
      "Duration   3.0 s",
      "Replay of  -",
      `Error      send: ${REFUSED}`,
    ]);
    expect(shown.stdout).toContain(["Steps", "  hook   try 1  ok        7 ms  2026-12-06T10:00:00.000Z", '    input   {"id":7}', '    output  [{"id":7}]'].join("\n"));
    expect(shown.stdout).toContain(
      [`  send   try 3  failed    7 ms  2026-12-06T10:00:03.020Z  error (step-error, HTTP 404) ${REFUSED}`, '    input   {"order":7}', "    output  - (not kept)"].join("\n"),
    );
    expect(shown.stdout.match(/^ {2}send +try \d/gm)).toEqual(["  send   try 1", "  send   try 2", "  send   try 3"]);

    const json = await interflow(["execution", "show", executionId, "--json"]);
    const answer = jsonOf(json);
    expect(answer).toEqual(await createInterflowClient({ url: h.url, token: h.token }).executions.get.query({ executionId }));
    expect(json.stdout).toBe(`${JSON.stringify(answer, null, 2)}\n`);
    expect(answer).toMatchObject({ id: executionId, flowName: "Orders to CRM", status: "failed" });
    expect(answer.records).toHaveLength(5);
    expect(answer.records[4]).toMatchObject({ messageId: sendMessageId, stepId: "send", attempt: 2, status: "failed", error: { kind: "step-error", message: REFUSED, httpStatus: 404 }, input: { order: 7 } });

    expect(expectOneErrorLine(await interflow(["execution", "show", "no-such-execution"]))).toBe("error: execution no-such-execution not found in this workspace");
    expect(expectOneErrorLine(await interflow(["execution", "show", executionId], { INTERFLOW_TOKEN: h.otherToken }))).toBe(`error: execution ${executionId} not found in this workspace`);
  });
});

describe("interflow flow failed and flow discard (built CLI against the real API)", () => {
  it("lists failed messages with what failed and the body the step got: { items, total } with --json", async () => {
    const flowId = await importFlow();
    expect(await interflow(["flow", "failed", flowId])).toEqual({ code: 0, stdout: "no failed messages\n", stderr: "" });
    const first = await execution(flowId, { order: 1, at: "2026-12-06T10:00:00Z", failed: true });
    await execution(flowId, { order: 2, at: "2026-12-06T10:01:00Z", failed: false });
    const second = await execution(flowId, { order: 3, at: "2026-12-06T10:02:00Z", failed: true });

    const page = jsonOf(await interflow(["flow", "failed", flowId, "--json"]));
    expect(Object.keys(page)).toEqual(["items", "total", "lost"]);
    expect(page.total).toBe(2);
    expect(page.lost).toEqual({ expiredUnresolved: 0, unrecorded: 0, errorFlowUndelivered: 0 });
    const item = (e: OrderExecution, order: number) => ({ id: expect.any(String), messageId: e.sendMessageId, executionId: e.executionId, stepId: "send", attempts: 3, error: REFUSED, httpStatus: 404, body: { order }, status: "failed" });
    expect(page.items).toEqual([expect.objectContaining(item(second, 3)), expect.objectContaining(item(first, 1))]);

    const table = await interflow(["flow", "failed", flowId]);
    const [header, ...rows] = table.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^ID +STEP +TRIES +FAILED AT +EXECUTION +ERROR$/);
    expect(rows).toEqual([
      expect.stringMatching(new RegExp(`^${page.items[0].id} +send +3 +2026-12-06T10:02:03.027Z +${second.executionId} +HTTP 404: ${REFUSED}$`)),
      expect.stringMatching(new RegExp(`^${page.items[1].id} +send +3 +2026-12-06T10:00:03.027Z +${first.executionId} +HTTP 404: ${REFUSED}$`)),
    ]);
    expect(jsonOf(await interflow(["flow", "failed", flowId, "--step", "send", "--limit", "1", "--json"]))).toMatchObject({ total: 2, items: [{ messageId: second.sendMessageId }] });
    expect((await interflow(["flow", "failed", flowId, "--step", "shape"])).stdout).toBe("no failed messages\n");

    // what went without a failed message to show for it is counted in the JSON as in the table
    await h.services.redis.hset(keys.stats(flowId), "retention.failedExpired", 2, "executions.unrecorded", 7);
    expect(jsonOf(await interflow(["flow", "failed", flowId, "--json"])).lost).toEqual({ expiredUnresolved: 2, unrecorded: 7, errorFlowUndelivered: 0 });
    expect((await interflow(["flow", "failed", flowId])).stdout).toContain("unrecorded: 7 (step records lost while the flow's records stream was full)");
  });

  it("discard takes failed messages out by id or message id, or all of them; one already gone is refused in one line", async () => {
    const flowId = await importFlow();
    const [a, b, c] = await Promise.all([1, 2, 3].map((order) => execution(flowId, { order, at: `2026-12-06T10:0${order}:00Z`, failed: true })));
    const ids = jsonOf(await interflow(["flow", "failed", flowId, "--json"])).items as Array<{ id: string; messageId: string }>;
    const idOf = (e: OrderExecution | undefined) => ids.find((f) => f.messageId === e?.sendMessageId)?.id as string;

    expect(await interflow(["flow", "discard", flowId, "--message", idOf(a)])).toEqual({ code: 0, stdout: "discarded 1\n", stderr: "" });
    expect(await interflow(["flow", "discard", flowId, "--message", b?.sendMessageId as string])).toEqual({ code: 0, stdout: "discarded 1\n", stderr: "" });
    expect(jsonOf(await interflow(["flow", "failed", flowId, "--json"])).items.map((f: { id: string }) => f.id)).toEqual([idOf(c)]);
    expect(expectOneErrorLine(await interflow(["flow", "discard", flowId, "--message", idOf(a)]))).toBe(
      `error: ids: ${idOf(a)} is not a failed message of this flow (or already retried or discarded)`,
    );
    expect(expectOneErrorLine(await interflow(["flow", "discard", flowId]))).toBe("error: missing --all or --message <mid>; usage: interflow flow discard <id> (--all | --message <mid>…)");
    expect(await interflow(["flow", "discard", flowId, "--all"])).toEqual({ code: 0, stdout: "discarded 1\n", stderr: "" });
    expect(jsonOf(await interflow(["flow", "failed", flowId, "--json"]))).toMatchObject({ items: [], total: 0 });
    const discarded = await listFailedMessages(h.db, { workspaceId: h.workspaceId, flowId, status: ["discarded"], limit: 10 });
    expect(discarded.items.map((f) => f.resolvedBy)).toEqual(["token 'cli test'", "token 'cli test'", "token 'cli test'"]);
  });
});

describe("interflow flow retry and flow replay (built CLI against the real API)", () => {
  it("refuses to retry or replay on a stopped flow in one line saying to start it; a wrong line is refused before asking", async () => {
    const flowId = await importFlow();
    const { sendMessageId } = await execution(flowId, { order: 1, at: "2026-12-06T10:00:00Z", failed: true });
    const stopped = 'error: flow "Orders to CRM" is Stopped (Inactive): start it, then send the messages again (a stopped flow\'s queues are not worked)';
    expect(expectOneErrorLine(await interflow(["flow", "retry", flowId, "--all"]))).toBe(stopped);
    expect(expectOneErrorLine(await interflow(["flow", "retry", flowId, "--message", sendMessageId]))).toBe(stopped);
    expect(expectOneErrorLine(await interflow(["flow", "replay", flowId, "--from", "2026-12-06T00:00:00Z", "--to", "2026-12-07T00:00:00Z"]))).toBe(stopped);

    expect(expectOneErrorLine(await interflow(["flow", "retry", flowId]))).toBe(
      "error: missing --all or --message <mid>; usage: interflow flow retry <id> (--all | --message <mid>…) [--from-step <step>] [--version <n>] [--restore] [--body <json>]",
    );
    expect(expectOneErrorLine(await interflow(["flow", "retry", flowId, "--message", sendMessageId, "--body", "{order: 99}"]))).toMatch(/^error: --body is not valid JSON: .+; usage: interflow flow retry /);
    expect(expectOneErrorLine(await interflow(["flow", "replay", flowId, "--from", "2026-12-06T00:00:00Z"]))).toMatch(/^error: missing --to <iso time>; usage: interflow flow replay /);
    // nothing was sent, nothing marked
    expect(jsonOf(await interflow(["flow", "failed", flowId, "--json"])).total).toBe(1);
    expect(await queuedMessages(flowId, "send")).toEqual([]);
  });

  it("retry sends a failed message again to its step's queue (with an edited body), then the rest with --all", async () => {
    const flowId = await importFlow();
    const a = await execution(flowId, { order: 1, at: "2026-12-06T10:00:00Z", failed: true });
    const b = await execution(flowId, { order: 2, at: "2026-12-06T10:01:00Z", failed: true });
    await markRunning(flowId);

    expect(await interflow(["flow", "retry", flowId, "--message", a.sendMessageId, "--body", '{"order":99,"fixed":true}'])).toEqual({ code: 0, stdout: "retried 1\n", stderr: "" });
    const [retried] = await listFailedMessages(h.db, { workspaceId: h.workspaceId, flowId, status: ["retried"], limit: 10 }).then((page) => page.items);
    expect(retried).toMatchObject({ messageId: a.sendMessageId, resolvedBy: "token 'cli test'", retriedAs: expect.any(String) });
    expect(await queuedMessages(flowId, "send")).toEqual([
      expect.objectContaining({ id: a.sendMessageId, body: { order: 99, fixed: true }, meta: expect.objectContaining({ executionId: retried?.retriedAs, replayOf: a.executionId, stepId: "send" }) }),
    ]);
    expect(jsonOf(await interflow(["flow", "failed", flowId, "--json"])).items.map((f: { messageId: string }) => f.messageId)).toEqual([b.sendMessageId]);

    expect(expectOneErrorLine(await interflow(["flow", "retry", flowId, "--all", "--version", "2"]))).toMatch(/^error: version: flow "Orders to CRM" runs version 1; /);
    expect(expectOneErrorLine(await interflow(["flow", "retry", flowId, "--all", "--version", "2", "--restore"]))).toMatch(/^error: .*version 2/);
    expect(expectOneErrorLine(await interflow(["flow", "retry", flowId, "--all", "--from-step", "nope"]))).toBe(
      'error: fromStep: version 1 of flow "Orders to CRM" has no step "nope" (its steps: hook, shape, send)',
    );
    // from the step before: its input there rebuilt from the execution's records
    expect(await interflow(["flow", "retry", flowId, "--all", "--from-step", "shape", "--version", "1"])).toEqual({ code: 0, stdout: "retried 1\n", stderr: "" });
    expect(await queuedMessages(flowId, "shape")).toEqual([expect.objectContaining({ body: { id: 2 }, meta: expect.objectContaining({ replayOf: b.executionId, stepId: "shape" }) })]);
    expect(jsonOf(await interflow(["flow", "failed", flowId, "--json"]))).toMatchObject({ items: [], total: 0 });
    expect(await interflow(["flow", "retry", flowId, "--all"])).toEqual({ code: 0, stdout: "retried 0\n", stderr: "" });
  });

  it("replay sends the executions of a time range again from the trigger, naming each one it skips and why", async () => {
    const flowId = await importFlow();
    const ok = await execution(flowId, { order: 1, at: "2026-12-06T10:00:00Z", failed: false });
    const failed = await execution(flowId, { order: 2, at: "2026-12-06T10:10:00Z", failed: true });
    const notKept = await execution(flowId, { order: 3, at: "2026-12-06T10:20:00Z", failed: false, keptInput: false });
    await execution(flowId, { order: 4, at: "2026-12-06T11:00:00Z", failed: false });
    await markRunning(flowId);

    const range = ["--from", "2026-12-06T10:00:00Z", "--to", "2026-12-06T10:30:00Z"];
    const replayed = await interflow(["flow", "replay", flowId, ...range]);
    expect(replayed.stderr).toBe("");
    expect(replayed.stdout).toBe(`replayed 2\nskipped ${notKept.executionId}: its input at step "hook" is not kept (the flow keeps bodies only of failures, or retention removed them)\n`);
    // BullMQ's wait list is newest first: in order of the orders
    const atHook = (await queuedMessages(flowId, "hook")).sort((x, y) => (x.body as { id: number }).id - (y.body as { id: number }).id);
    expect(atHook.map((m) => [m.body, m.meta.replayOf])).toEqual([
      [{ id: 1 }, ok.executionId],
      [{ id: 2 }, failed.executionId],
    ]);

    expect(await interflow(["flow", "replay", flowId, ...range, "--status", "failed", "--from-step", "send"])).toEqual({ code: 0, stdout: "replayed 1\n", stderr: "" });
    expect(await queuedMessages(flowId, "send")).toEqual([expect.objectContaining({ body: { order: 2 }, meta: expect.objectContaining({ replayOf: failed.executionId, stepId: "send" }) })]);
    expect(expectOneErrorLine(await interflow(["flow", "replay", flowId, ...range, "--version", "3"]))).toMatch(/^error: version: flow "Orders to CRM" runs version 1; /);
  });
});

describe("interflow flow status: health and failed messages", () => {
  it("shows the health and how many failed messages wait, in the text and verbatim in --json", async () => {
    const flowId = await importFlow();
    await execution(flowId, { order: 1, at: "2026-12-06T10:00:00Z", failed: true });
    await execution(flowId, { order: 2, at: "2026-12-06T10:01:00Z", failed: true });
    const status = jsonOf(await interflow(["flow", "status", flowId, "--json"]));
    expect(status).toMatchObject({ id: flowId, health: "ok", failingSteps: [], failedMessages: 2 });
    expect(status).toEqual(await createInterflowClient({ url: h.url, token: h.token }).flows.status.query({ id: flowId }));
    const text = await interflow(["flow", "status", flowId]);
    expect(text.stdout).toContain("\nHealth           ok\nFailed messages  2\n");
  });
});
