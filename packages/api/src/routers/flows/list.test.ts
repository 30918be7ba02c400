import { describe, expect, it } from "vitest";
import { GATEWAY_URL, moveFlow, newTenant, useTestServices, webhookFlow } from "../../testing/api-fixture";

const services = useTestServices();

describe("flows.list", () => {
  it("lists the workspace's flows with their state in words and their webhook URL", async () => {
    const { caller } = await newTenant(services);
    const a = await caller.flows.import({ document: webhookFlow("A") });
    const b = await caller.flows.import({ document: { ...webhookFlow("B"), type: "realtime" } });
    await moveFlow(services, b.id, [["stopped", "start", "starting"]]);

    const { flows } = await caller.flows.list();
    expect(flows).toEqual([
      {
        id: a.id,
        name: "A",
        type: "ordinary",
        state: "stopped",
        stateLabel: "Stopped (Inactive)",
        version: 1,
        webhookUrl: `${GATEWAY_URL}/hook/${a.id}`,
        stateChangedAt: expect.any(String),
        updatedAt: expect.any(String),
      },
      expect.objectContaining({ id: b.id, type: "realtime", state: "starting", stateLabel: "Starting" }),
    ]);
    expect(new Date(flows[0]?.stateChangedAt ?? "").toISOString()).toBe(flows[0]?.stateChangedAt);
  });

  it("is empty for a new workspace", async () => {
    const { caller } = await newTenant(services);
    expect(await caller.flows.list()).toEqual({ flows: [] });
  });
});
