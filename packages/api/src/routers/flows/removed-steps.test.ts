// A new version (published, or an old one restored) that removes steps whose queues still hold
// messages is refused, naming the steps, how many messages and the way out (dropQueued), unless
// the person chose to drop them. The queues' levels are the backlog counters runners keep in Redis.
import type { FlowDocument } from "@interflow/flow";
import { keys } from "@interflow/queue";
import { describe, expect, it } from "vitest";
import { moveFlow, newTenant, takeControlCommands, useTestServices, webhookFlow } from "../../testing/api-fixture";

const services = useTestServices();

/** webhookFlow() without its "shape" step: the webhook goes straight to "send". */
function withoutShape(name = "Orders"): FlowDocument {
  const document = webhookFlow(name);
  return { ...document, nodes: document.nodes.filter((n) => n.id !== "shape"), edges: [{ source: "hook", target: "send" }] };
}

async function runningFlow() {
  const tenant = await newTenant(services);
  const { id } = await tenant.caller.flows.import({ document: webhookFlow("Orders") });
  await moveFlow(services, id, [
    ["stopped", "start", "starting"],
    ["starting", "step-runners-up", "running"],
  ]);
  return { ...tenant, id };
}

const holding = (stepId: string, messages: number) => new RegExp(`^dropQueued: step "${stepId}" holds ${messages} queued messages?, and this version removes it: .*dropped.*`);

describe("removing steps that hold messages", () => {
  it("publish is refused while a removed step's queue holds messages, and goes through when they are to be dropped", async () => {
    const { caller, id } = await runningFlow();
    await services.redis.hset(keys.backlog(id), "shape.messages", 5, "shape.bytes", 2048, "send.messages", 7);
    await caller.flows.saveDraft({ id, baseVersion: 1, document: withoutShape() });

    await expect(caller.flows.publish({ id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(holding("shape", 5)) });
    await expect(caller.flows.publish({ id, dropQueued: false })).rejects.toMatchObject({ code: "CONFLICT" });
    // nothing published, the draft kept, the worker not asked
    expect((await caller.flows.status({ id })).version).toBe(1);
    expect((await caller.flows.draft({ id })).isDraft).toBe(true);
    expect(await takeControlCommands(services, id)).toEqual([]);

    expect(await caller.flows.publish({ id, dropQueued: true })).toMatchObject({ version: 2, restarted: true });
    expect((await takeControlCommands(services, id)).map((c) => c.type)).toEqual(["redeploy"]);
  });

  it("publish goes through once the removed step's queue is empty; steps kept may hold messages", async () => {
    const { caller, id } = await runningFlow();
    await services.redis.hset(keys.backlog(id), "shape.messages", 0, "send.messages", 7);
    await caller.flows.saveDraft({ id, baseVersion: 1, document: withoutShape() });
    expect(await caller.flows.publish({ id })).toMatchObject({ version: 2 });
  });

  it("restore is refused the same way; a suspended flow's held queues count too", async () => {
    const { caller, id } = await runningFlow();
    // version 2 without "shape" (its queue empty), version 3 with it again
    await caller.flows.saveDraft({ id, baseVersion: 1, document: withoutShape() });
    await caller.flows.publish({ id });
    expect(await caller.flows.restore({ id, version: 1 })).toMatchObject({ version: 3 });
    await moveFlow(services, id, [
      ["running", "suspend", "suspending"],
      ["suspending", "runners-stopped", "suspended"],
    ]);
    await services.redis.hset(keys.backlog(id), "shape.messages", 1);

    await expect(caller.flows.restore({ id, version: 2 })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(holding("shape", 1)) });
    expect((await caller.flows.status({ id })).version).toBe(3);
    expect(await caller.flows.restore({ id, version: 2, dropQueued: true })).toMatchObject({ version: 4 });
    await takeControlCommands(services, id);
  });

  it("a stopped flow's queues were dropped at stop: a counter left over holds nothing back", async () => {
    const { caller } = await newTenant(services);
    const { id } = await caller.flows.import({ document: webhookFlow("Orders") });
    await services.redis.hset(keys.backlog(id), "shape.messages", 3);
    await caller.flows.saveDraft({ id, baseVersion: 1, document: withoutShape() });
    expect(await caller.flows.publish({ id })).toMatchObject({ version: 2, restarted: false });
  });
});
