import { getFlow, listAudit } from "@interflow/db";
import { describe, expect, it } from "vitest";
import { newTenant, useTestServices } from "../../testing/api-fixture";

const services = useTestServices();

describe("flows.create", () => {
  it("creates a stopped flow whose version 1 is the dropped trigger, and audits it", async () => {
    const { caller, workspaceId } = await newTenant(services);
    const created = await caller.flows.create({ name: "Orders", trigger: { component: "webhook", function: "receive", position: { x: 40, y: 80 } } });
    expect(created).toEqual({ id: expect.any(String), name: "Orders", version: 1 });
    const flow = await getFlow(services.db, { workspaceId, flowId: created.id });
    expect(flow).not.toBeNull();
    expect(flow).toMatchObject({ state: "stopped", version: 1, type: "ordinary" });
    expect(flow?.document.nodes).toEqual([{ id: "webhook", component: "webhook", function: "receive", config: {}, position: { x: 40, y: 80 } }]);
    const draft = await caller.flows.draft({ id: created.id });
    expect(draft).toMatchObject({ isDraft: false, issues: [] });
    const audit = await listAudit(services.db, { workspaceId, limit: 10 });
    expect(audit.map((e) => e.action)).toContain("flow.create");
  });

  it("creates a flow from a polling trigger whose settings come next; its incomplete version 1 does not start", async () => {
    const { caller } = await newTenant(services);
    const created = await caller.flows.create({ name: "Contacts", trigger: { component: "http", function: "poll", position: { x: 0, y: 0 } } });
    expect(created.version).toBe(1);
    expect((await caller.flows.draft({ id: created.id })).issues.map((i) => i.path)).toContain("nodes[0].config.url");
    await expect(caller.flows.start({ id: created.id })).rejects.toThrow(/^version 1 of flow "Contacts" is not complete: .*url.*; finish it in the designer and publish$/);
  });

  it("starts the trigger with the settings it is given (the designer gives its fields' defaults, so the form shows what runs)", async () => {
    const { caller, workspaceId } = await newTenant(services);
    const config = { mailbox: "INBOX", unseenOnly: true, afterRead: "mark-read", maxMessages: 50 };
    const created = await caller.flows.create({ name: "Inbox", trigger: { component: "imap", function: "new-messages", config } });
    const flow = await getFlow(services.db, { workspaceId, flowId: created.id });
    expect(flow?.document.nodes[0]?.config).toEqual(config);
  });

  it("keeps the actions placed before the trigger, with their settings; the one nothing comes before follows the trigger", async () => {
    const { caller, workspaceId } = await newTenant(services);
    const steps = {
      nodes: [
        { id: "transform", component: "transform", function: "map", config: { expression: '{ "id": id }' }, position: { x: 300, y: 0 } },
        { id: "http", component: "http", function: "request", config: { url: "https://example.org/in", method: "POST" }, position: { x: 600, y: 0 } },
      ],
      edges: [{ source: "transform", target: "http" }],
    };
    const created = await caller.flows.create({ name: "Placed first", trigger: { component: "webhook", function: "receive", position: { x: 0, y: 0 } }, steps });
    const flow = await getFlow(services.db, { workspaceId, flowId: created.id });
    expect(flow?.document.nodes.map((n) => [n.id, n.config])).toEqual([
      ["webhook", {}],
      ["transform", { expression: '{ "id": id }' }],
      ["http", { url: "https://example.org/in", method: "POST" }],
    ]);
    expect(flow?.document.edges).toEqual([
      { source: "transform", target: "http" },
      { source: "webhook", target: "transform" },
    ]);
    // a trigger among them, or a connection to nowhere, is refused naming it
    const trigger = { component: "webhook", function: "receive" };
    await expect(caller.flows.create({ name: "Two triggers", trigger, steps: { nodes: [{ id: "hook2", position: { x: 0, y: 0 }, component: "webhook", function: "receive", config: {} }], edges: [] } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining('steps.nodes[0]: "webhook.receive" is a trigger'),
    });
    await expect(caller.flows.create({ name: "Dangling", trigger, steps: { nodes: steps.nodes, edges: [{ source: "transform", target: "nowhere" }] } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("nowhere"),
    });
  });

  it("refuses an action as the first step and an empty name, naming the field", async () => {
    const { caller } = await newTenant(services);
    await expect(caller.flows.create({ name: "X", trigger: { component: "http", function: "request" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining('trigger: "http.request" is not a trigger'),
    });
    await expect(caller.flows.create({ name: "  ", trigger: { component: "webhook", function: "receive" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("name: must not be empty"),
    });
  });
});
