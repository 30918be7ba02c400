import { describe, expect, it } from "vitest";
import { moveFlow, newTenant, takeControlCommands, useTestServices, webhookFlow } from "../../testing/api-fixture";

const services = useTestServices();

describe("flows.start", () => {
  it("sends a start command to the worker and leaves the state to it", async () => {
    const { caller, workspaceId } = await newTenant(services);
    const { id } = await caller.flows.import({ document: webhookFlow() });

    expect(await caller.flows.start({ id })).toEqual({ id, state: "stopped", requested: "start", version: 1, unpublishedDraft: false });
    expect(await takeControlCommands(services, id)).toEqual([
      { type: "start", flowId: id, workspaceId, cause: "start requested by token 'ci'", requestedAt: expect.any(String) },
    ]);
    expect((await caller.flows.status({ id })).state).toBe("stopped");
  });

  it("says when the flow's draft has changes that are not published: the published version starts without them", async () => {
    const { caller } = await newTenant(services);
    const { id } = await caller.flows.import({ document: webhookFlow() });
    const draft = await caller.flows.draft({ id });
    await caller.flows.saveDraft({ id, document: { ...(draft.document as object), name: "Renamed, not published" }, baseVersion: 1 });
    expect(await caller.flows.start({ id })).toEqual({ id, state: "stopped", requested: "start", version: 1, unpublishedDraft: true });
  });

  it("is refused for a running flow, saying why, and sends nothing", async () => {
    const { caller } = await newTenant(services);
    const { id } = await caller.flows.import({ document: webhookFlow() });
    await moveFlow(services, id, [
      ["stopped", "start", "starting"],
      ["starting", "step-runners-up", "running"],
    ]);
    await expect(caller.flows.start({ id })).rejects.toMatchObject({ code: "CONFLICT", message: "the flow is already running" });
    expect(await takeControlCommands(services, id)).toEqual([]);
  });
});
