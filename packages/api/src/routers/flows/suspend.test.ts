import { describe, expect, it } from "vitest";
import { moveFlow, newTenant, takeControlCommands, useTestServices, webhookFlow } from "../../testing/api-fixture";

const services = useTestServices();

describe("flows.suspend and flows.resume", () => {
  it("send suspend for a running flow and resume for a suspended one, leaving the state to the worker", async () => {
    const { caller, workspaceId } = await newTenant(services);
    const { id } = await caller.flows.import({ document: webhookFlow() });
    await moveFlow(services, id, [
      ["stopped", "start", "starting"],
      ["starting", "step-runners-up", "running"],
    ]);
    expect(await caller.flows.suspend({ id })).toEqual({ id, state: "running", requested: "suspend" });
    expect(await takeControlCommands(services, id)).toEqual([
      { type: "suspend", flowId: id, workspaceId, cause: "suspend requested by token 'ci'", requestedAt: expect.any(String) },
    ]);
    await moveFlow(services, id, [
      ["running", "suspend", "suspending"],
      ["suspending", "runners-stopped", "suspended"],
    ]);
    expect(await caller.flows.resume({ id })).toEqual({ id, state: "suspended", requested: "resume", version: 1, unpublishedDraft: false });
    expect((await takeControlCommands(services, id)).map((c) => c.type)).toEqual(["resume"]);
  });

  it("refuse what the state machine forbids, saying why, and send nothing", async () => {
    const { caller } = await newTenant(services);
    const { id } = await caller.flows.import({ document: webhookFlow() });
    await expect(caller.flows.suspend({ id })).rejects.toMatchObject({ code: "CONFLICT", message: "a stopped flow cannot be suspended" });
    await expect(caller.flows.resume({ id })).rejects.toMatchObject({ code: "CONFLICT", message: "only a suspended flow can be resumed" });
    expect(await takeControlCommands(services, id)).toEqual([]);
  });
});
