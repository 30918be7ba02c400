// A flow's health on its status and on the dashboard: "failing" while the tries at a step fail
// often (at least 3 and a quarter of them in the last minutes), read from the counters runners keep
// per time bucket in Redis; a flow that does not run is never failing. Its failed messages waiting
// for a person are counted next to it.
import { keys } from "@interflow/queue";
import { describe, expect, it } from "vitest";
import { moveFlow, newTenant, useTestServices, webhookFlow } from "../../testing/api-fixture";
import { writeOrderExecution } from "../../testing/executions";

const services = useTestServices();

/** Counts tries as a step's runner does (packages/runner stats.ts): into the 10-second and minute buckets of `minutesAgo`. */
async function countTries(flowId: string, counts: Record<string, number>, minutesAgo = 0): Promise<void> {
  const seconds = Math.floor(Date.now() / 1000) - minutesAgo * 60;
  const pipeline = services.redis.pipeline();
  for (const [field, by] of Object.entries(counts)) {
    pipeline.hincrby(keys.stats(flowId), field, by);
    pipeline.hincrby(keys.statsBucket(flowId, 10, Math.floor(seconds / 10)), field, by);
    pipeline.hincrby(keys.statsBucket(flowId, 60, Math.floor(seconds / 60)), field, by);
  }
  await pipeline.exec();
}

async function flowIn(tenant: Awaited<ReturnType<typeof newTenant>>, name: string, running: boolean) {
  const { id } = await tenant.caller.flows.import({ document: webhookFlow(name) });
  if (running) {
    await moveFlow(services, id, [
      ["stopped", "start", "starting"],
      ["starting", "step-runners-up", "running"],
    ]);
  }
  return id;
}

describe("flow health", () => {
  it("a running flow whose tries at a step fail often is failing, naming the step; a few failures among many are ok", async () => {
    const tenant = await newTenant(services);
    const { caller } = tenant;
    const failing = await flowIn(tenant, "Failing", true);
    // 10 messages at "send": 6 tries failed and were retried, 2 failed for good
    await countTries(failing, { "hook.in": 10, "shape.in": 10, "send.in": 10, "send.retries": 6, "send.errors": 2 });
    // and a failure of "shape" earlier in the window
    await countTries(failing, { "shape.in": 1, "shape.errors": 1 }, 4);
    expect(await caller.flows.status({ id: failing })).toMatchObject({ health: "failing", failingSteps: [{ stepId: "send", failedTries: 8, tries: 16 }], failedMessages: 0 });

    // 3 failed tries among 100: a small share
    const fine = await flowIn(tenant, "Fine", true);
    await countTries(fine, { "hook.in": 100, "send.in": 100, "send.errors": 3 });
    expect(await caller.flows.status({ id: fine })).toMatchObject({ health: "ok", failingSteps: [] });
    // 2 failed tries of 2: too few to tell
    const quiet = await flowIn(tenant, "Quiet", true);
    await countTries(quiet, { "send.in": 2, "send.errors": 2 });
    expect(await caller.flows.status({ id: quiet })).toMatchObject({ health: "ok", failingSteps: [] });
    // failures of an hour ago are over
    const recovered = await flowIn(tenant, "Recovered", true);
    await countTries(recovered, { "send.in": 20, "send.errors": 20 }, 30);
    await countTries(recovered, { "send.in": 20 });
    expect(await caller.flows.status({ id: recovered })).toMatchObject({ health: "ok", failingSteps: [] });
  });

  it("a stopped or suspended flow is never failing, whatever it counted; its failed messages are counted all the same", async () => {
    const tenant = await newTenant(services);
    const stopped = await flowIn(tenant, "Stopped", false);
    await countTries(stopped, { "send.in": 10, "send.errors": 10 });
    await writeOrderExecution(services, { workspaceId: tenant.workspaceId, flowId: stopped, startedAt: new Date(), outcome: "failed" });
    await writeOrderExecution(services, { workspaceId: tenant.workspaceId, flowId: stopped, startedAt: new Date(), outcome: "failed" });
    expect(await tenant.caller.flows.status({ id: stopped })).toMatchObject({ state: "stopped", health: "ok", failingSteps: [], failedMessages: 2 });

    const suspended = await flowIn(tenant, "Suspended", true);
    await countTries(suspended, { "send.in": 10, "send.errors": 10 });
    await moveFlow(services, suspended, [
      ["running", "suspend", "suspending"],
      ["suspending", "runners-stopped", "suspended"],
    ]);
    expect(await tenant.caller.flows.status({ id: suspended })).toMatchObject({ health: "ok", failingSteps: [] });
  });

  it("the dashboard shows each flow's health, failing steps, failed messages and retried tries", async () => {
    const tenant = await newTenant(services);
    const failing = await flowIn(tenant, "Failing", true);
    await countTries(failing, { "hook.in": 4, "send.in": 4, "send.retries": 5 });
    await countTries(failing, { "send.retries": 2 }, 10);
    const failed = await writeOrderExecution(services, { workspaceId: tenant.workspaceId, flowId: failing, startedAt: new Date(), outcome: "failed" });
    const stopped = await flowIn(tenant, "Stopped", false);
    await countTries(stopped, { "send.in": 4, "send.errors": 4 });

    const { flows } = await tenant.caller.flows.dashboard();
    const byId = new Map(flows.map((f) => [f.id, f]));
    expect(byId.get(failing)).toMatchObject({
      health: "failing",
      failingSteps: [{ stepId: "send", failedTries: 5, tries: 9 }],
      failedMessages: 1,
      retried: { lastMinute: 5, lastHour: 7 },
      processed: { lastMinute: 4, lastHour: 4 },
    });
    expect(byId.get(stopped)).toMatchObject({ health: "ok", failingSteps: [], failedMessages: 0, errored: { lastMinute: 4, lastHour: 4 } });

    // discarded, it waits for nobody any more
    await tenant.caller.executions.discard({ id: failing, messages: [failed.failedId ?? ""] });
    expect((await tenant.caller.flows.dashboard()).flows.find((f) => f.id === failing)?.failedMessages).toBe(0);
  });
});
