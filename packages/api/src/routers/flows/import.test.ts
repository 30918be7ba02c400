import { listFlows } from "@interflow/db";
import { describe, expect, it } from "vitest";
import { newTenant, useTestServices, webhookFlow } from "../../testing/api-fixture";

const services = useTestServices();

describe("flows.import", () => {
  it("stores a valid flow document as version 1 of a new, stopped flow", async () => {
    const { caller, workspaceId } = await newTenant(services);
    const imported = await caller.flows.import({ document: webhookFlow("Orders to CRM") });
    expect(imported).toEqual({ id: expect.any(String), name: "Orders to CRM", version: 1 });
    const [stored] = await listFlows(services.db, { workspaceId });
    expect(stored).toMatchObject({ id: imported.id, state: "stopped", version: 1 });
  });

  it("refuses an invalid flow with every issue, naming the nodes, and stores nothing", async () => {
    const { caller, workspaceId } = await newTenant(services);
    const broken = {
      schema: "interflow/flow@1",
      name: "Broken",
      nodes: [
        { id: "hook", component: "webhook", function: "receive" },
        { id: "send", component: "smtp", function: "send" },
        { id: "lost", component: "transform", function: "map", config: { expression: "$" } },
      ],
      edges: [{ source: "hook", target: "send" }],
    };
    const error = await caller.flows.import({ document: broken }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    const message = (error as Error).message;
    expect(message).toContain('node "send": unknown component "smtp"');
    expect(message).toContain('node "lost": cannot be reached from the trigger "hook"');
    const issues = (error as { cause: { details: { issues: Array<{ rule: string; nodeId?: string }> } } }).cause.details.issues;
    expect(issues.map((i) => [i.rule, i.nodeId])).toEqual([
      ["unknown-component", "send"],
      ["unreachable", "lost"],
    ]);
    expect(await listFlows(services.db, { workspaceId })).toEqual([]);
  });

  it("refuses something that is not a flow document at all", async () => {
    const { caller } = await newTenant(services);
    await expect(caller.flows.import({ document: "hello" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^the flow is not valid: /) });
  });
});
