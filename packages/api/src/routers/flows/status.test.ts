import { describe, expect, it } from "vitest";
import { GATEWAY_URL, moveFlow, newTenant, useTestServices, webhookFlow } from "../../testing/api-fixture";

const services = useTestServices();

describe("flows.status", () => {
  it("shows the state, the steps and no transition for a new flow", async () => {
    const { caller } = await newTenant(services);
    const { id } = await caller.flows.import({ document: webhookFlow("Orders") });
    expect(await caller.flows.status({ id })).toEqual({
      id,
      name: "Orders",
      type: "ordinary",
      state: "stopped",
      stateLabel: "Stopped (Inactive)",
      version: 1,
      webhookUrl: `${GATEWAY_URL}/hook/${id}`,
      webhookRefused: 0,
      stateChangedAt: expect.any(String),
      updatedAt: expect.any(String),
      steps: [
        { id: "hook", component: "webhook", function: "receive", replicas: { wanted: 1, up: 0, scaled: false }, restarts: null },
        { id: "shape", component: "transform", function: "map", replicas: { wanted: 1, up: 0, scaled: false }, restarts: null },
        { id: "send", component: "http", function: "request", replicas: { wanted: 1, up: 0, scaled: false }, restarts: null },
      ],
      lastTransition: null,
      health: "ok",
      failingSteps: [],
      failedMessages: 0,
    });
  });

  it("shows the last transition with its cause", async () => {
    const { caller } = await newTenant(services);
    const { id } = await caller.flows.import({ document: webhookFlow() });
    await moveFlow(services, id, [
      ["stopped", "start", "starting"],
      ["starting", "step-runners-up", "running"],
    ]);
    const status = await caller.flows.status({ id });
    expect(status.state).toBe("running");
    expect(status.lastTransition).toEqual({ from: "starting", to: "running", event: "step-runners-up", cause: "test: step-runners-up", at: expect.any(String) });
  });

  it("names the flow it cannot find", async () => {
    const { caller } = await newTenant(services);
    await expect(caller.flows.status({ id: "no-such-flow" })).rejects.toMatchObject({ code: "NOT_FOUND", message: "flow no-such-flow not found" });
  });

  it("names the field of bad input", async () => {
    const { caller } = await newTenant(services);
    await expect(caller.flows.status({ id: "" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "invalid input: id: must name a flow (its id)" });
  });
});
