import { describe, expect, it } from "vitest";
import { newTenant, useTestServices, webhookFlow } from "../../testing/api-fixture";

const services = useTestServices();

const pollingFlow = (name: string) => ({
  schema: "interflow/flow@1",
  name,
  settings: { schedule: { every: "5m" } },
  nodes: [
    { id: "poll", component: "http", function: "poll", config: { url: "http://127.0.0.1:1/items", itemsPath: "items", timePath: "at", idPath: "id" }, position: { x: 0, y: 0 } },
    { id: "map", component: "transform", function: "map", config: { expression: "$" }, position: { x: 200, y: 0 } },
  ],
  edges: [{ source: "poll", target: "map" }],
});

describe("a flow's error flow (settings.errorFlowId)", () => {
  it("must be another webhook-started flow of the workspace; one of another workspace reads as missing", async () => {
    const tenant = await newTenant(services);
    const other = await newTenant(services);
    const alerts = await tenant.caller.flows.import({ document: webhookFlow("Alerts") });
    const polling = await tenant.caller.flows.import({ document: pollingFlow("Polls") });
    const foreign = await other.caller.flows.import({ document: webhookFlow("Theirs") });
    const withErrorFlow = (errorFlowId: string) => ({ ...webhookFlow("Orders"), settings: { errorFlowId } });

    expect(await tenant.caller.flows.import({ document: withErrorFlow(alerts.id) })).toMatchObject({ name: "Orders" });
    await expect(tenant.caller.flows.import({ document: withErrorFlow(foreign.id) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining(`settings.errorFlowId: flow ${foreign.id} is not a flow of this workspace`),
    });
    await expect(tenant.caller.flows.import({ document: withErrorFlow("no-such-flow") })).rejects.toThrow("settings.errorFlowId: flow no-such-flow is not a flow of this workspace");
    await expect(tenant.caller.flows.import({ document: withErrorFlow(polling.id) })).rejects.toThrow('settings.errorFlowId: flow "Polls" does not start with a webhook trigger');
  });

  it("cannot be the flow itself", async () => {
    const { caller } = await newTenant(services);
    const { id } = await caller.flows.import({ document: webhookFlow("Orders") });
    await caller.flows.saveDraft({ id, document: { ...webhookFlow("Orders"), settings: { errorFlowId: id } }, samples: {}, baseVersion: 1 });
    const draft = await caller.flows.draft({ id });
    expect(draft.issues).toEqual([expect.objectContaining({ rule: "error-flow", path: "settings.errorFlowId", message: expect.stringContaining("a flow cannot be its own error flow") })]);
    await expect(caller.flows.publish({ id })).rejects.toThrow("a flow cannot be its own error flow");
  });
});
