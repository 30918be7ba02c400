// Retrying failed messages: each goes back on a step's queue (no worker runs here: the job is what
// a runner would take) as a new execution that keeps the original message id and links to the
// execution it failed in; the failed message is marked retried. What cannot be sent is refused,
// naming the field, before anything is queued.
import { keys } from "@interflow/queue";
import { describe, expect, it } from "vitest";
import { moveFlow, newTenant, takeControlCommands, useTestServices, webhookFlow } from "../../testing/api-fixture";
import { queuedAt, writeOrderExecution, writeRetryExecution } from "../../testing/executions";

const services = useTestServices();

const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 9, minute));

async function runningFlowOfOrders(name = "Orders") {
  const tenant = await newTenant(services);
  const { id } = await tenant.caller.flows.import({ document: webhookFlow(name) });
  await moveFlow(services, id, [
    ["stopped", "start", "starting"],
    ["starting", "step-runners-up", "running"],
  ]);
  const failed = async (minute: number, keep: "all" | "errors" = "all") => {
    const e = await writeOrderExecution(services, { workspaceId: tenant.workspaceId, flowId: id, startedAt: at(minute), outcome: "failed", keep });
    return { ...e, failedId: e.failedId ?? "" };
  };
  return { ...tenant, id, failed };
}

describe("executions.retry", () => {
  it("queues the message where it failed as a new execution with its original id, linked to the old one; marks it retried, once", async () => {
    const { caller, id, failed } = await runningFlowOfOrders("Orders");
    const f = await failed(1);

    const result = await caller.executions.retry({ id, messages: [f.failedId], version: 1 });
    expect(result).toEqual({ sent: 1, executions: [expect.any(String)], skipped: [] });
    const [retriedAs] = result.executions;
    expect(retriedAs).not.toBe(f.executionId);

    // on the queue of the step it failed at, as the step got it, tried afresh
    expect(await queuedAt(services, id, "send")).toEqual([
      {
        jobId: expect.any(String),
        message: {
          id: f.messageIds.send,
          body: { id: f.order.order.id },
          headers: { "content-type": "application/json", "x-order": f.order.order.id },
          attachments: [],
          steps: { hook: f.order, shape: { id: f.order.order.id } },
          meta: { flowId: id, flowVersion: 1, executionId: retriedAs, traceId: retriedAs, stepId: "send", parentMessageId: null, attempt: 0, replayOf: f.executionId },
        },
      },
    ]);
    expect(await queuedAt(services, id, "hook")).toEqual([]);
    // counted into the step's backlog (what limits and the dashboard read)
    expect(Number(await services.redis.hget(keys.backlog(id), "send.messages"))).toBe(1);
    expect(Number(await services.redis.hget(keys.backlog(id), "send.bytes"))).toBeGreaterThan(0);

    expect(await caller.executions.failed({ id })).toMatchObject({ items: [], total: 0 });
    const [retried] = (await caller.executions.failed({ id, status: ["retried"] })).items;
    expect(retried).toMatchObject({ id: f.failedId, status: "retried", retriedAs, resolvedBy: "token 'ci'", resolvedAt: expect.any(String) });

    // the same failed message again: named, nothing more queued
    await expect(caller.executions.retry({ id, messages: [f.failedId] })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: `ids: ${f.failedId} is not a failed message of this flow (or already retried or discarded)`,
    });
    await expect(caller.executions.retry({ id, messages: [f.messageIds.send] })).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining(f.messageIds.send) });
    expect(await queuedAt(services, id, "send")).toHaveLength(1);
    expect((await caller.audit.list({})).entries.filter((e) => e.action === "flow.retry").map((e) => [e.target, e.detail])).toEqual([
      ["Orders", expect.objectContaining({ flowId: id, sent: 1, skipped: 0, edited: false })],
    ]);
  });

  it("sends one message with an edited body; `all` retries every failed message, each as its own execution", async () => {
    const { caller, id, failed } = await runningFlowOfOrders();
    const edited = await failed(1);
    const others = [await failed(2), await failed(3)];

    // named by its message id: the id a person copies from the execution
    const fix = { id: "o-fixed", note: "edited by support" };
    const one = await caller.executions.retry({ id, messages: [edited.messageIds.send], body: fix });
    expect(one.sent).toBe(1);
    expect((await queuedAt(services, id, "send")).map((q) => [q.message.id, q.message.body, q.message.meta.replayOf])).toEqual([[edited.messageIds.send, fix, edited.executionId]]);

    const all = await caller.executions.retry({ id, all: true });
    expect(all.sent).toBe(2);
    expect(new Set(all.executions).size).toBe(2);
    const queued = await queuedAt(services, id, "send");
    expect(queued.map((q) => q.message.id).sort()).toEqual([edited, ...others].map((f) => f.messageIds.send).sort());
    for (const f of others) {
      const job = queued.find((q) => q.message.id === f.messageIds.send);
      expect(job?.message.body).toEqual({ id: f.order.order.id });
      expect(job?.message.meta.replayOf).toBe(f.executionId);
      expect(all.executions).toContain(job?.message.meta.executionId);
    }
    expect(Number(await services.redis.hget(keys.backlog(id), "send.messages"))).toBe(3);
    expect((await caller.executions.failed({ id, status: ["retried"] })).items.map((f) => f.retriedAs).sort()).toEqual(queued.map((q) => q.message.meta.executionId).sort());
    // none left
    expect(await caller.executions.retry({ id, all: true })).toEqual({ sent: 0, executions: [], skipped: [] });
  });

  it("retries from an earlier step with the message rebuilt from the execution's records; skipped, saying why, when they hold no bodies", async () => {
    const { caller, id, failed } = await runningFlowOfOrders();
    const f = await failed(1);
    const result = await caller.executions.retry({ id, messages: [f.failedId], fromStep: "shape" });
    expect(result.sent).toBe(1);
    // the message as it reached "shape" then: its id there, its body, what the trigger gave it
    expect(await queuedAt(services, id, "shape")).toEqual([
      {
        jobId: expect.any(String),
        message: {
          id: f.messageIds.shape,
          body: f.order,
          headers: {},
          attachments: [],
          steps: { hook: f.order },
          meta: { flowId: id, flowVersion: 1, executionId: result.executions[0], traceId: result.executions[0], stepId: "shape", parentMessageId: null, attempt: 0, replayOf: f.executionId },
        },
      },
    ]);
    expect(await queuedAt(services, id, "send")).toEqual([]);

    // from the trigger: the request as it came in, with its headers
    const g = await failed(2);
    await caller.executions.retry({ id, messages: [g.failedId], fromStep: "hook" });
    expect((await queuedAt(services, id, "hook")).map((q) => [q.message.id, q.message.body, q.message.headers, q.message.meta.replayOf])).toEqual([
      [g.executionId, g.order, { "content-type": "application/json", "x-shop": "acme" }, g.executionId],
    ]);

    // a flow that keeps bodies only of failures: the input at "shape" was not kept
    const h = await failed(3, "errors");
    expect(await caller.executions.retry({ id, messages: [h.failedId], fromStep: "shape" })).toEqual({
      sent: 0,
      executions: [],
      skipped: [{ id: h.failedId, reason: expect.stringMatching(/^its input at step "shape" is not kept/) }],
    });
    expect((await caller.executions.failed({ id })).items.map((x) => x.id)).toEqual([h.failedId]);
    // where it failed, its own envelope is enough
    expect(await caller.executions.retry({ id, messages: [h.failedId] })).toMatchObject({ sent: 1, skipped: [] });
  });

  it("retries a retry that failed again from an earlier step, or replays it from the trigger: what it never passed comes from the execution it retried", async () => {
    const { caller, id, failed, workspaceId } = await runningFlowOfOrders();
    const first = await failed(1);
    // its retry (started at "send", the message's id kept) failed again
    const retry = await writeRetryExecution(services, { workspaceId, flowId: id, of: first, startedAt: at(5) });
    await services.db.prisma.failedMessage.update({ where: { id: first.failedId }, data: { status: "retried", retriedAs: retry.executionId } });
    const fromShape = await caller.executions.retry({ id, messages: [retry.failedId ?? ""], fromStep: "shape" });
    expect(fromShape).toMatchObject({ sent: 1, skipped: [] });
    expect((await queuedAt(services, id, "shape")).map((q) => [q.message.id, q.message.body, q.message.steps, q.message.meta.replayOf])).toEqual([
      [first.messageIds.shape, first.order, { hook: first.order }, retry.executionId],
    ]);
    // a replay of the range holding only the retry, from the trigger: the request as it first came in
    const replayed = await caller.executions.replay({ id, from: at(4).toISOString(), to: at(6).toISOString() });
    expect(replayed).toMatchObject({ sent: 1, skipped: [] });
    expect((await queuedAt(services, id, "hook")).map((q) => [q.message.id, q.message.body, q.message.meta.replayOf])).toEqual([[first.executionId, first.order, retry.executionId]]);
  });

  it("refuses a stopped flow, another version, an unknown step, an edited body for two messages and no message named: nothing queued", async () => {
    const { caller, id, failed } = await runningFlowOfOrders("Orders");
    const [a, b] = [await failed(1), await failed(2)];
    const refusals: Array<[input: Parameters<typeof caller.executions.retry>[0], code: string, message: RegExp]> = [
      [{ id, messages: [a.failedId], version: 2 }, "BAD_REQUEST", /^version: flow "Orders" runs version 1/],
      [{ id, messages: [a.failedId], fromStep: "nope" }, "BAD_REQUEST", /^fromStep: version 1 of flow "Orders" has no step "nope" \(its steps: hook, shape, send\)$/],
      [{ id, messages: [a.failedId, b.failedId], body: { id: "x" } }, "BAD_REQUEST", /^body: /],
      [{ id, all: true, body: { id: "x" } }, "BAD_REQUEST", /^body: /],
      [{ id }, "BAD_REQUEST", /^messages: /],
      [{ id, messages: [] }, "BAD_REQUEST", /^messages: /],
      [{ id, messages: ["no-such-message"] }, "NOT_FOUND", /^ids: no-such-message is not a failed message of this flow/],
      [{ id: "no-such-flow", all: true }, "NOT_FOUND", /^flow no-such-flow not found$/],
    ];
    for (const [input, code, message] of refusals) {
      await expect(caller.executions.retry(input), JSON.stringify(input)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    }

    await moveFlow(services, id, [
      ["running", "stop", "stopping"],
      ["stopping", "runners-stopped", "stopped"],
    ]);
    await expect(caller.executions.retry({ id, all: true })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^flow "Orders" is Stopped \(Inactive\): start it, then send the messages again/),
    });

    for (const step of ["hook", "shape", "send"]) expect(await queuedAt(services, id, step), step).toEqual([]);
    expect(await services.redis.hgetall(keys.backlog(id))).toEqual({});
    expect((await caller.executions.failed({ id })).items.map((f) => f.id).sort()).toEqual([a.failedId, b.failedId].sort());
  });

  it("wakes a sleeping flow; queues for a suspended one to take when resumed; skips a message whose step the current version removed", async () => {
    const { caller, id, failed } = await runningFlowOfOrders();
    await moveFlow(services, id, [["running", "idle", "sleeping"]]);
    const f = await failed(1);
    expect((await caller.executions.retry({ id, messages: [f.failedId] })).sent).toBe(1);
    expect(await takeControlCommands(services, id)).toEqual([expect.objectContaining({ type: "wake", flowId: id, cause: "failed messages retried by token 'ci'" })]);

    await moveFlow(services, id, [
      ["sleeping", "suspend", "suspending"],
      ["suspending", "runners-stopped", "suspended"],
    ]);
    const g = await failed(2);
    expect((await caller.executions.retry({ id, messages: [g.failedId] })).sent).toBe(1);
    expect(await takeControlCommands(services, id)).toEqual([]);
    expect(await queuedAt(services, id, "send")).toHaveLength(2);

    // version 2 has no "send": the message waits for a person to pick another step
    const h = await failed(3);
    const document = webhookFlow();
    await caller.flows.saveDraft({ id, baseVersion: 1, document: { ...document, nodes: document.nodes.filter((n) => n.id !== "send"), edges: document.edges.filter((e) => e.target !== "send") } });
    // "send" holds the two retried messages: publishing chooses to drop them
    await caller.flows.publish({ id, dropQueued: true });
    await takeControlCommands(services, id);
    expect(await caller.executions.retry({ id, messages: [h.failedId], version: 2 })).toEqual({
      sent: 0,
      executions: [],
      skipped: [{ id: h.failedId, reason: 'version 2 has no step "send" any more: retry it from another step (fromStep)' }],
    });
    expect(await caller.executions.retry({ id, messages: [h.failedId], fromStep: "shape" })).toMatchObject({ sent: 1, skipped: [] });
  });
});
