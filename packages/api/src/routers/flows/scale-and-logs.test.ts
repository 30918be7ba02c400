// flows.scale hands a running flow's new replica count to the worker (and refuses what it cannot
// do, naming the field); flows.logs reads what the runners wrote, per step or merged, and follows.
import { CONTROL_QUEUE, keys, StepLogWriter } from "@interflow/queue";
import { Queue } from "bullmq";
import { describe, expect, it } from "vitest";
import { moveFlow, newTenant, useTestServices, webhookFlow } from "../../testing/api-fixture";

const services = useTestServices();

async function runningFlow() {
  const tenant = await newTenant(services);
  const { id } = await tenant.caller.flows.import({ document: webhookFlow("Orders") });
  await moveFlow(services, id, [
    ["stopped", "start", "starting"],
    ["starting", "step-runners-up", "running"],
  ]);
  return { ...tenant, id };
}

describe("flows.scale", () => {
  it("sends the worker a scale command for a running flow, audited; refuses a stopped flow, an unknown step and a count out of range", async () => {
    const { caller, id } = await runningFlow();
    expect(await caller.flows.scale({ id, stepId: "send", replicas: 3 })).toEqual({ id, stepId: "send", replicas: 3, state: "running" });
    const queue = new Queue(CONTROL_QUEUE.name, { connection: services.redis, prefix: CONTROL_QUEUE.prefix });
    const jobs = await queue.getJobs(["waiting", "delayed", "active", "completed", "failed"]);
    await queue.close();
    expect(jobs.map((j) => j.data).find((d) => d.type === "scale" && d.flowId === id)).toMatchObject({ scale: { stepId: "send", replicas: 3 }, cause: expect.stringMatching(/^send scaled to 3 by /) });
    expect((await caller.audit.list({})).entries.some((e) => e.action === "flow.scale" && e.target === "Orders")).toBe(true);

    await expect(caller.flows.scale({ id, stepId: "nope", replicas: 2 })).rejects.toThrow('stepId: flow "Orders" has no step "nope" (its steps: hook, shape, send)');
    await expect(caller.flows.scale({ id, stepId: "send", replicas: 11 })).rejects.toThrow(/replicas: at most 10/);
    await expect(caller.flows.scale({ id, stepId: "send", replicas: 0 })).rejects.toThrow(/replicas: at least 1/);
    const stopped = await caller.flows.import({ document: webhookFlow("Stopped") });
    await expect(caller.flows.scale({ id: stopped.id, stepId: "send", replicas: 2 })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/is stopped: scaling changes a running flow/) });
  });
});

describe("flows.logs", () => {
  it("answers the runners' lines oldest first, of one step or all, and only the newer ones when following", async () => {
    const { caller, id } = await runningFlow();
    expect(await caller.flows.logs({ id })).toMatchObject({ lines: [] });
    const writer = new StepLogWriter(services.redis);
    writer.add({ flowId: id, stepId: "hook", replica: 0, line: "step runner consuming", at: 1000 });
    writer.add({ flowId: id, stepId: "send", replica: 1, line: "POST answered 200", at: 2000 });
    writer.add({ flowId: id, stepId: "send", replica: 0, line: "POST answered 500", at: 3000 });

    const json = JSON.stringify({ time: "2026-11-27T10:00:03.000Z", level: "warn", msg: "message failed", flowId: id, stepId: "send", replica: 0, attempt: 2, error: "HTTP 500" });
    writer.add({ flowId: id, stepId: "send", replica: 0, line: json, at: 3001 });
    await writer.close();

    expect((await caller.flows.logs({ id })).lines).toEqual([
      { at: 1000, stepId: "hook", replica: 0, line: "step runner consuming", level: null, text: "step runner consuming" },
      { at: 2000, stepId: "send", replica: 1, line: "POST answered 200", level: null, text: "POST answered 200" },
      { at: 3000, stepId: "send", replica: 0, line: "POST answered 500", level: null, text: "POST answered 500" },
      // a runner's JSON line: its level, its message and the fields every line does not repeat
      { at: 3001, stepId: "send", replica: 0, line: json, level: "warn", text: "message failed attempt=2 error=HTTP 500" },
    ]);
    expect((await caller.flows.logs({ id, stepId: "send", limit: 1 })).lines.map((l) => l.text)).toEqual(["message failed attempt=2 error=HTTP 500"]);
    expect((await caller.flows.logs({ id, after: 2000 })).lines.map((l) => l.at)).toEqual([3000, 3001]);
    await expect(caller.flows.logs({ id, stepId: "nope" })).rejects.toThrow('stepId: flow "Orders" has no step "nope"');
    expect(await services.redis.ttl(keys.stepLogs(id, "send"))).toBeGreaterThan(6 * 24 * 3600);
  });

  it("keeps the newest lines of a step only, and cuts a long line", async () => {
    const { caller, id } = await runningFlow();
    const writer = new StepLogWriter(services.redis, { maxLines: 5 });
    for (let i = 0; i < 8; i++) writer.add({ flowId: id, stepId: "shape", replica: 0, line: `line ${i}`, at: 1000 + i });
    writer.add({ flowId: id, stepId: "shape", replica: 0, line: "x".repeat(5000), at: 2000 });
    await writer.close();
    const lines = (await caller.flows.logs({ id, stepId: "shape" })).lines.map((l) => l.line);
    expect(lines.slice(0, 4)).toEqual(["line 4", "line 5", "line 6", "line 7"]);
    expect(lines[4]).toMatch(/^x{4000}… \(cut\)$/);
  });
});
