// What a person sees of a flow's executions and failed messages (written as the worker writes them
// from the runners' records): the list, newest first, filtered and paged; one execution with every
// try; the failed messages with what was lost uncounted; discarding them.
import { randomUUID } from "node:crypto";
import { keys } from "@interflow/queue";
import { describe, expect, it } from "vitest";
import { newTenant, useTestServices, webhookFlow } from "../../testing/api-fixture";
import { writeOrderExecution } from "../../testing/executions";

const services = useTestServices();

const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 10, minute));

async function flowOfOrders(name = "Orders") {
  const tenant = await newTenant(services);
  const { id } = await tenant.caller.flows.import({ document: webhookFlow(name) });
  const write = (minute: number, outcome: "ok" | "failed" | "dropped", more: { executionId?: string; keep?: "all" | "errors" } = {}) =>
    writeOrderExecution(services, { workspaceId: tenant.workspaceId, flowId: id, startedAt: at(minute), outcome, ...more });
  return { ...tenant, id, write };
}

describe("executions.list", () => {
  it("lists the flow's executions newest first with the total, and pages on with `before`", async () => {
    const { caller, id, write } = await flowOfOrders();
    const e1 = await write(1, "ok");
    const e2 = await write(2, "failed");
    // two that started in the same millisecond: the id decides, and no page skips or repeats one
    const tie = randomUUID();
    const e3a = await write(3, "ok", { executionId: `${tie}-a` });
    const e3b = await write(3, "ok", { executionId: `${tie}-b` });
    const e4 = await write(4, "dropped");

    const first = await caller.executions.list({ id, limit: 2 });
    expect(first.items.map((e) => e.id)).toEqual([e4.executionId, e3b.executionId]);
    expect(first).toMatchObject({ total: 5, more: true });
    const last = first.items[1];
    if (!last) throw new Error("no second item");
    const second = await caller.executions.list({ id, limit: 2, before: { at: last.startedAt, id: last.id } });
    expect(second.items.map((e) => e.id)).toEqual([e3a.executionId, e2.executionId]);
    expect(second).toMatchObject({ total: 5, more: true });
    const end = second.items[1];
    if (!end) throw new Error("no second item");
    const third = await caller.executions.list({ id, limit: 2, before: { at: end.startedAt, id: end.id } });
    expect(third.items.map((e) => e.id)).toEqual([e1.executionId]);
    expect(third.more).toBe(false);

    // what each row says of its execution
    expect(first.items[0]).toEqual({
      id: e4.executionId,
      flowId: id,
      flowVersion: 1,
      status: "dropped",
      messageId: e4.executionId,
      pending: 0,
      retrying: 0,
      steps: 2,
      failed: 0,
      dropped: 1,
      errorStep: "shape",
      error: "the flow's queues were dropped at stop",
      startedAt: at(4).toISOString(),
      endedAt: new Date(at(4).getTime() + 3_040).toISOString(),
      durationMs: 3_040,
      replayOf: null,
      hasBodies: true,
    });
    expect(second.items[1]).toMatchObject({ status: "failed", errorStep: "send", error: expect.stringContaining("HTTP 404"), failed: 1, steps: 3 });
  });

  it("filters by status, step reached, start time and message id", async () => {
    const { caller, id, write } = await flowOfOrders();
    const ok = await write(1, "ok");
    const failed = await write(2, "failed");
    const dropped = await write(3, "dropped");
    const ids = async (filter: Omit<Parameters<typeof caller.executions.list>[0], "id">) => (await caller.executions.list({ id, ...filter })).items.map((e) => e.id);

    expect(await ids({ status: ["failed"] })).toEqual([failed.executionId]);
    expect(await ids({ status: ["ok", "dropped"] })).toEqual([dropped.executionId, ok.executionId]);
    expect(await caller.executions.list({ id, status: ["failed"] })).toMatchObject({ total: 1, more: false });
    // the dropped one never reached "send"
    expect(await ids({ stepId: "send" })).toEqual([failed.executionId, ok.executionId]);
    expect(await ids({ stepId: "shape" })).toEqual([dropped.executionId, failed.executionId, ok.executionId]);
    // from: at or after; to: before
    expect(await ids({ from: at(2).toISOString() })).toEqual([dropped.executionId, failed.executionId]);
    expect(await ids({ to: at(2).toISOString() })).toEqual([ok.executionId]);
    expect(await ids({ from: at(2).toISOString(), to: at(3).toISOString() })).toEqual([failed.executionId]);
    // the id a webhook's 202 named, and the id of the message that failed in it
    expect(await ids({ messageId: ok.executionId })).toEqual([ok.executionId]);
    expect(await ids({ messageId: failed.messageIds.send })).toEqual([failed.executionId]);
    expect(await caller.executions.list({ id, messageId: "no-such-message" })).toEqual({ items: [], total: 0, more: false });
    // filters add up
    expect(await ids({ status: ["failed"], from: at(3).toISOString() })).toEqual([]);

    await expect(caller.executions.list({ id, from: "yesterday" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("from: an ISO date-time") });
    await expect(caller.executions.list({ id, limit: 501 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "invalid input: limit: at most 500" });
    await expect(caller.executions.list({ id: "no-such-flow" })).rejects.toMatchObject({ code: "NOT_FOUND", message: "flow no-such-flow not found" });
  });
});

describe("executions.get", () => {
  it("answers one execution with every try: its input, output and error, oldest first", async () => {
    const { caller, id, write } = await flowOfOrders("Orders to CRM");
    const e = await write(5, "failed");
    const execution = await caller.executions.get({ executionId: e.executionId });
    expect(execution).toMatchObject({ id: e.executionId, flowId: id, flowName: "Orders to CRM", status: "failed", errorStep: "send" });
    expect(execution.records.map((r) => [r.stepId, r.attempt, r.status])).toEqual([
      ["hook", 0, "ok"],
      ["shape", 0, "ok"],
      ["send", 0, "retrying"],
      ["send", 1, "failed"],
    ]);
    const [hook, shape, retrying, failed] = execution.records;
    expect(hook).toMatchObject({
      messageId: e.messageIds.hook,
      parentMessageId: null,
      input: e.order,
      inputHeaders: { "content-type": "application/json", "x-shop": "acme" },
      output: [e.order],
      outputs: 1,
      error: null,
      startedAt: at(5).toISOString(),
    });
    expect(shape).toMatchObject({ messageId: e.messageIds.shape, parentMessageId: e.messageIds.hook, input: e.order, output: [{ id: e.order.order.id }] });
    expect(retrying).toMatchObject({ input: { id: e.order.order.id }, output: { status: 503 }, error: { kind: "step-error", message: "HTTP 503 from crm.example.test", httpStatus: 503 } });
    expect(failed).toMatchObject({ messageId: e.messageIds.send, error: { httpStatus: 404, message: expect.stringContaining(`order ${e.order.order.id} unknown`) } });

    await expect(caller.executions.get({ executionId: "no-such-execution" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "execution no-such-execution not found in this workspace",
    });
  });
});

describe("executions.failed", () => {
  it("lists failed messages newest first with the body and headers the step got, and counts what was lost without one", async () => {
    const { caller, id, write } = await flowOfOrders();
    expect(await caller.executions.failed({ id })).toEqual({ items: [], total: 0, more: false, expiredUnresolved: 0, unrecorded: 0, errorFlowUndelivered: 0 });

    const older = await write(1, "failed");
    await write(2, "ok");
    const newer = await write(3, "failed");
    const page = await caller.executions.failed({ id });
    expect(page).toMatchObject({ total: 2, more: false });
    expect(page.items.map((f) => f.id)).toEqual([newer.failedId, older.failedId]);
    expect(page.items[0]).toEqual({
      id: newer.failedId,
      messageId: newer.messageIds.send,
      executionId: newer.executionId,
      flowVersion: 1,
      stepId: "send",
      attempts: 2,
      error: `HTTP 404 from crm.example.test: order ${newer.order.order.id} unknown`,
      errorKind: "step-error",
      httpStatus: 404,
      body: { id: newer.order.order.id },
      headers: { "content-type": "application/json", "x-order": newer.order.order.id },
      failedAt: new Date(at(3).getTime() + 3_000).toISOString(),
      status: "failed",
      resolvedAt: null,
      resolvedBy: null,
      retriedAs: null,
    });
    const onePage = await caller.executions.failed({ id, limit: 1 });
    expect(onePage).toMatchObject({ total: 2, more: true });
    const next = await caller.executions.failed({ id, limit: 1, before: { at: page.items[0]?.failedAt ?? "", id: page.items[0]?.id ?? "" } });
    expect(next.items.map((f) => f.id)).toEqual([older.failedId]);
    expect((await caller.executions.failed({ id, stepId: "shape" })).items).toEqual([]);

    // what the worker and the runners count in the flow's stats when no failed message could show it
    await services.redis.hset(keys.stats(id), "retention.failedExpired", 4, "executions.unrecorded", 120, "errorFlow.undelivered", 2, "send.errors", 9);
    expect(await caller.executions.failed({ id, limit: 1 })).toMatchObject({ expiredUnresolved: 4, unrecorded: 120, errorFlowUndelivered: 2 });
  });
});

describe("executions.discard", () => {
  it("discards failed messages (by id, message id or all): no longer failed, listed as discarded by whom", async () => {
    const { caller, id, write } = await flowOfOrders("Orders");
    const a = await write(1, "failed");
    const b = await write(2, "failed");
    const c = await write(3, "failed");

    expect(await caller.executions.discard({ id, messages: [a.failedId ?? ""] })).toEqual({ discarded: 1 });
    // a message id names its failed message too
    expect(await caller.executions.discard({ id, messages: [b.messageIds.send] })).toEqual({ discarded: 1 });
    expect((await caller.executions.failed({ id })).items.map((f) => f.id)).toEqual([c.failedId]);
    const discarded = await caller.executions.failed({ id, status: ["discarded"] });
    expect(discarded.items.map((f) => [f.id, f.status, f.resolvedBy])).toEqual([
      [b.failedId, "discarded", "token 'ci'"],
      [a.failedId, "discarded", "token 'ci'"],
    ]);
    expect(discarded.items[0]?.resolvedAt).toEqual(expect.any(String));
    expect((await caller.executions.failed({ id, status: ["failed", "discarded"] })).total).toBe(3);

    // once resolved it cannot be discarded (or retried) again: named
    await expect(caller.executions.discard({ id, messages: [a.failedId ?? ""] })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: `ids: ${a.failedId} is not a failed message of this flow (or already retried or discarded)`,
    });
    await expect(caller.executions.discard({ id })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^messages: name at least one/) });
    await expect(caller.executions.discard({ id, all: true, messages: [c.failedId ?? ""] })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^messages: /) });

    expect(await caller.executions.discard({ id, all: true })).toEqual({ discarded: 1 });
    expect(await caller.executions.failed({ id })).toMatchObject({ items: [], total: 0 });
    expect(await caller.executions.discard({ id, all: true })).toEqual({ discarded: 0 });
    // the executions themselves are kept as they were
    expect((await caller.executions.list({ id, status: ["failed"] })).total).toBe(3);
    expect((await caller.audit.list({})).entries.filter((e) => e.action === "flow.discard").map((e) => e.target)).toEqual(["Orders", "Orders", "Orders", "Orders"]);
  });
});
