import { describe, expect, it } from "vitest";
import { moveFlow, newTenant, useTestServices, webhookFlow } from "../../testing/api-fixture";

const services = useTestServices();

describe("flows.transitions", () => {
  it("lists the state history newest first, each with its cause", async () => {
    const { caller } = await newTenant(services);
    const { id } = await caller.flows.import({ document: webhookFlow() });
    await moveFlow(services, id, [
      ["stopped", "start", "starting"],
      ["starting", "step-runners-up", "running"],
      ["running", "stop", "stopping"],
    ]);
    const { transitions } = await caller.flows.transitions({ id });
    expect(transitions.map((t) => [t.from, t.event, t.to, t.cause])).toEqual([
      ["running", "stop", "stopping", "test: stop"],
      ["starting", "step-runners-up", "running", "test: step-runners-up"],
      ["stopped", "start", "starting", "test: start"],
    ]);
    expect((await caller.flows.transitions({ id, limit: 1 })).transitions).toHaveLength(1);
  });

  it("refuses a limit out of range, naming the field", async () => {
    const { caller } = await newTenant(services);
    await expect(caller.flows.transitions({ id: "x", limit: 0 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "invalid input: limit: must be at least 1",
    });
  });
});
