// Replaying a time range of executions: each one's messages rebuilt from its step records as they
// reached the chosen step (default: the trigger), queued as a new execution linked to it.
import { randomUUID } from "node:crypto";
import { writeExecutions } from "@interflow/db";
import type { FlowDocument } from "@interflow/flow";
import { keys } from "@interflow/queue";
import { describe, expect, it } from "vitest";
import { moveFlow, newTenant, takeControlCommands, useTestServices, webhookFlow } from "../../testing/api-fixture";
import { type OrderOutcome, queuedAt, writeOrderExecution } from "../../testing/executions";

const services = useTestServices();

const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 8, minute));
const iso = (minute: number) => at(minute).toISOString();

async function runningFlowOfOrders(name = "Orders") {
  const tenant = await newTenant(services);
  const { id } = await tenant.caller.flows.import({ document: webhookFlow(name) });
  await moveFlow(services, id, [
    ["stopped", "start", "starting"],
    ["starting", "step-runners-up", "running"],
  ]);
  const write = (minute: number, outcome: OrderOutcome, keep: "all" | "errors" = "all") =>
    writeOrderExecution(services, { workspaceId: tenant.workspaceId, flowId: id, startedAt: at(minute), outcome, keep });
  return { ...tenant, id, write };
}

describe("executions.replay", () => {
  it("replays each execution of the range from the trigger: the request as it came in, as a new execution linked to it", async () => {
    const { caller, id, write } = await runningFlowOfOrders("Orders");
    const before = await write(0, "ok");
    const ok = await write(1, "ok");
    const failed = await write(2, "failed");
    const dropped = await write(3, "dropped");
    // kept bodies only of failures: its request is gone
    const bodiless = await write(4, "ok", "errors");
    const after = await write(5, "ok");

    const result = await caller.executions.replay({ id, from: iso(1), to: iso(5) });
    expect(result.sent).toBe(3);
    expect(result.executions).toHaveLength(3);
    expect(result.skipped).toEqual([{ id: bodiless.executionId, reason: expect.stringMatching(/^its input at step "hook" is not kept/) }]);

    const queued = await queuedAt(services, id, "hook");
    expect(queued.map((q) => q.message.meta.replayOf).sort()).toEqual([ok, failed, dropped].map((e) => e.executionId).sort());
    for (const e of [ok, failed, dropped]) {
      const job = queued.find((q) => q.message.meta.replayOf === e.executionId);
      expect(job?.message).toEqual({
        id: e.executionId,
        body: e.order,
        headers: { "content-type": "application/json", "x-shop": "acme" },
        attachments: [],
        steps: {},
        meta: { flowId: id, flowVersion: 1, executionId: expect.any(String), traceId: job?.message.meta.executionId, stepId: "hook", parentMessageId: null, attempt: 0, replayOf: e.executionId },
      });
      expect(result.executions).toContain(job?.message.meta.executionId);
      expect(job?.message.meta.executionId).not.toBe(e.executionId);
    }
    expect(queued.some((q) => [before.executionId, after.executionId].includes(q.message.id))).toBe(false);
    expect(Number(await services.redis.hget(keys.backlog(id), "hook.messages"))).toBe(3);
    expect((await caller.audit.list({})).entries.find((e) => e.action === "flow.replay")).toMatchObject({ target: "Orders", detail: { flowId: id, sent: 3, skipped: 1 } });

    // replaying again starts new executions again: a replay is never taken for an earlier one
    const again = await caller.executions.replay({ id, from: iso(1), to: iso(2) });
    expect(again.sent).toBe(1);
    expect(result.executions).not.toContain(again.executions[0]);
    expect(await queuedAt(services, id, "hook")).toHaveLength(4);
  });

  it("replays from a middle step with each message as it reached it, only the statuses asked for; says which never got there", async () => {
    const { caller, id, write } = await runningFlowOfOrders();
    const ok = await write(1, "ok");
    const failed = await write(2, "failed");
    const dropped = await write(3, "dropped");

    const fromShape = await caller.executions.replay({ id, from: iso(0), to: iso(10), fromStep: "shape", status: ["ok", "failed"] });
    expect(fromShape).toMatchObject({ sent: 2, skipped: [] });
    const atShape = await queuedAt(services, id, "shape");
    expect(atShape.map((q) => [q.message.id, q.message.body, q.message.steps, q.message.meta.stepId, q.message.meta.replayOf]).sort()).toEqual(
      [ok, failed].map((e) => [e.messageIds.shape, e.order, { hook: e.order }, "shape", e.executionId]).sort(),
    );
    expect(await queuedAt(services, id, "hook")).toEqual([]);

    // "send" from each: the dropped one never reached it
    const fromSend = await caller.executions.replay({ id, from: iso(0), to: iso(10), fromStep: "send" });
    expect(fromSend.sent).toBe(2);
    expect(fromSend.skipped).toEqual([{ id: dropped.executionId, reason: 'it did not reach step "send"' }]);
    const atSend = await queuedAt(services, id, "send");
    expect(atSend.map((q) => [q.message.id, q.message.body, q.message.steps]).sort()).toEqual(
      [ok, failed].map((e) => [e.messageIds.send, { id: e.order.order.id }, { hook: e.order, shape: { id: e.order.order.id } }]).sort(),
    );
    // replaying leaves failed messages as they are
    expect((await caller.executions.failed({ id })).items.map((f) => f.id)).toEqual([failed.failedId]);
    // a range with nothing in it sends nothing
    expect(await caller.executions.replay({ id, from: iso(20), to: iso(30) })).toEqual({ sent: 0, executions: [], skipped: [] });
  });

  it("replays a polling flow's executions as its poll runs emitted them: at the steps after the trigger, with their ids", async () => {
    const tenant = await newTenant(services);
    const document: FlowDocument = {
      schema: "interflow/flow@1",
      name: "Contacts",
      type: "ordinary",
      nodes: [
        { id: "poll", component: "http", function: "poll", config: { url: "http://crm.example.test/contacts" }, position: { x: 0, y: 0 } },
        { id: "send", component: "http", function: "request", config: { url: "http://erp.example.test/contacts" }, position: { x: 200, y: 0 } },
      ],
      edges: [{ source: "poll", target: "send" }],
    };
    const { id } = await tenant.caller.flows.import({ document });
    await moveFlow(services, id, [
      ["stopped", "start", "starting"],
      ["starting", "step-runners-up", "running"],
    ]);
    // what a poll run records: each record it emitted starts an execution of its own, the trigger's try
    // of it without an input (it came from the source), then the next step's try with it as input
    const contact = { id: "c-1", name: "Ada" };
    const executionId = randomUUID();
    const records = [
      { stepId: "poll", input: null, output: [contact], at: at(1).getTime() },
      { stepId: "send", input: contact, output: [{ status: 201 }], at: at(1).getTime() + 1_000 },
    ].map((r) => ({
      executionId,
      messageId: executionId,
      parentMessageId: null,
      stepId: r.stepId,
      status: "ok",
      attempt: 0,
      startedAt: r.at,
      durationMs: 10,
      replica: 0,
      flowVersion: 1,
      outputs: 1,
      pending: 0,
      retrying: 0,
      replayOf: null,
      errorKind: null,
      errorMessage: null,
      httpStatus: null,
      inputCut: false,
      outputCut: false,
      attempts: 1,
      input: r.input,
      inputHeaders: null,
      output: r.output,
    }));
    await writeExecutions(services.db, {
      workspaceId: tenant.workspaceId,
      flowId: id,
      executions: [
        {
          id: executionId,
          flowVersion: 1,
          pending: 0,
          retrying: 0,
          steps: 2,
          failed: 0,
          dropped: 0,
          errorStep: null,
          error: null,
          startedAt: at(1),
          endedAt: at(2),
          replayOf: null,
          messageId: null,
          stepIds: ["poll", "send"],
          records: JSON.stringify(records),
          hasBodies: true,
          lastEntryId: "1-0",
        },
      ],
      failures: [],
      cursor: "0-0",
      written: "1-0",
    });

    const result = await tenant.caller.executions.replay({ id, from: iso(0), to: iso(10) });
    expect(result).toMatchObject({ sent: 1, skipped: [] });
    expect(await queuedAt(services, id, "poll")).toEqual([]);
    expect((await queuedAt(services, id, "send")).map((q) => q.message)).toEqual([
      {
        id: executionId,
        body: contact,
        headers: {},
        attachments: [],
        steps: { poll: contact },
        meta: { flowId: id, flowVersion: 1, executionId: result.executions[0], traceId: result.executions[0], stepId: "send", parentMessageId: null, attempt: 0, replayOf: executionId },
      },
    ]);
  });

  it("replays on an earlier version only when asked to restore it: the flow runs it again as a new version, and the messages carry that version", async () => {
    const { caller, id, write } = await runningFlowOfOrders("Orders");
    const ok = await write(1, "ok");
    const range = { from: iso(0), to: iso(10) };
    // version 2 sends the whole order and has no "shape" step
    const v2 = webhookFlow("Orders");
    v2.nodes = v2.nodes.filter((n) => n.id !== "shape");
    v2.edges = [{ source: "hook", target: "send" }];
    await caller.flows.saveDraft({ id, document: v2, baseVersion: 1 });
    expect(await caller.flows.publish({ id })).toMatchObject({ version: 2 });
    await takeControlCommands(services, id);

    // not without asking: every message the flow takes would run on it
    await expect(caller.executions.replay({ id, ...range, version: 1 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^version: flow "Orders" runs version 2; .*restore it .*version 3/),
    });
    // a step the version asked for lacks is refused before anything is restored
    await expect(caller.executions.replay({ id, ...range, version: 2, fromStep: "shape" })).rejects.toMatchObject({ message: expect.stringMatching(/^fromStep: version 2 .*"shape"/) });
    await expect(caller.executions.replay({ id, ...range, version: 1, restore: true, fromStep: "nope" })).rejects.toMatchObject({ message: expect.stringMatching(/^fromStep: version 1 .*"nope"/) });
    await expect(caller.executions.replay({ id, ...range, version: 7, restore: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // nothing in the range: refused, and nothing restored
    await expect(caller.executions.replay({ id, from: iso(20), to: iso(30), version: 1, restore: true })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "nothing to send again (no message or execution matches): version 1 was not restored",
    });
    expect((await caller.flows.status({ id })).version).toBe(2);
    expect(await queuedAt(services, id, "shape")).toEqual([]);

    const result = await caller.executions.replay({ id, ...range, version: 1, restore: true, fromStep: "shape" });
    expect(result).toMatchObject({ sent: 1, skipped: [] });
    // version 1 is current again, as version 3, and the running flow is restarted on it
    expect((await caller.flows.status({ id })).version).toBe(3);
    expect((await caller.flows.version({ id, version: 3 })).document.nodes.map((n) => n.id)).toEqual(["hook", "shape", "send"]);
    expect(await takeControlCommands(services, id)).toEqual([
      expect.objectContaining({ type: "redeploy", flowId: id, cause: expect.stringMatching(/^version 1 restored by .* to send messages again on it$/) }),
    ]);
    // the message carries version 3: runners of version 2, still stopping, leave it to version 3's
    const queued = await queuedAt(services, id, "shape");
    expect(queued.map((q) => [q.message.id, q.message.meta.flowVersion, q.message.meta.replayOf])).toEqual([[ok.messageIds.shape, 3, ok.executionId]]);
    expect((await caller.audit.list({})).entries.find((e) => e.action === "flow.replay")).toMatchObject({ detail: { flowId: id, sent: 1, version: 3 } });
    // asked again: the flow already runs version 1's document, no version 4
    expect(await caller.executions.replay({ id, ...range, version: 1, restore: true, fromStep: "shape" })).toMatchObject({ sent: 1 });
    expect((await caller.flows.status({ id })).version).toBe(3);
    expect(await takeControlCommands(services, id)).toEqual([]);
  });

  it("refuses a range that ends before it starts, a stopped flow, another version and an unknown step", async () => {
    const { caller, id, write } = await runningFlowOfOrders("Orders");
    await write(1, "ok");
    const range = { from: iso(0), to: iso(10) };
    await expect(caller.executions.replay({ id, from: iso(10), to: iso(0) })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "to: must be after from" });
    await expect(caller.executions.replay({ id, from: "last week", to: iso(0) })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("from: an ISO date-time") });
    await expect(caller.executions.replay({ id, ...range, version: 3 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^version: /) });
    await expect(caller.executions.replay({ id, ...range, fromStep: "nope" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^fromStep: .*"nope"/) });
    await moveFlow(services, id, [
      ["running", "stop", "stopping"],
      ["stopping", "runners-stopped", "stopped"],
    ]);
    await expect(caller.executions.replay({ id, ...range })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("start it") });
    for (const step of ["hook", "shape", "send"]) expect(await queuedAt(services, id, step)).toEqual([]);
  });
});
