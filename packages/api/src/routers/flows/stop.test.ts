import { describe, expect, it } from "vitest";
import { moveFlow, newTenant, takeControlCommands, useTestServices, webhookFlow } from "../../testing/api-fixture";

const services = useTestServices();

describe("flows.stop", () => {
  it("sends a stop command for a flow that is still starting", async () => {
    const { caller, workspaceId } = await newTenant(services);
    const { id } = await caller.flows.import({ document: webhookFlow() });
    await moveFlow(services, id, [["stopped", "start", "starting"]]);

    expect(await caller.flows.stop({ id })).toEqual({ id, state: "starting", requested: "stop" });
    expect(await takeControlCommands(services, id)).toEqual([
      { type: "stop", flowId: id, workspaceId, cause: "stop requested by token 'ci'", requestedAt: expect.any(String) },
    ]);
  });

  it("is refused for a stopped flow", async () => {
    const { caller } = await newTenant(services);
    const { id } = await caller.flows.import({ document: webhookFlow() });
    await expect(caller.flows.stop({ id })).rejects.toMatchObject({ code: "CONFLICT", message: "the flow is already stopped" });
    expect(await takeControlCommands(services, id)).toEqual([]);
  });
});
