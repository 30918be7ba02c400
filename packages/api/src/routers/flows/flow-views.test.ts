import type { FlowRecord } from "@interflow/db";
import { describe, expect, it } from "vitest";
import { webhookFlow } from "../../testing/api-fixture";
import { webhookUrlOf } from "./flow-views";

function recordOf(document: FlowRecord["document"]): FlowRecord {
  const at = new Date();
  return { id: "f1", workspaceId: "w", name: document.name, type: document.type, state: "stopped", stateChangedAt: at, version: 1, versionId: "v1", document, createdAt: at, updatedAt: at, hook: { path: "f1", previous: null } };
}

describe("webhookUrlOf", () => {
  it("is the gateway's /hook/<flowId> when the trigger is the webhook component", () => {
    expect(webhookUrlOf(recordOf(webhookFlow()), "http://gw:3001")).toBe("http://gw:3001/hook/f1");
  });

  it("is /hook/<its rotated path> once its URL was rotated", () => {
    const record = { ...recordOf(webhookFlow()), hook: { path: "k3y", previous: { path: "f1", until: new Date() } } };
    expect(webhookUrlOf(record, "http://gw:3001")).toBe("http://gw:3001/hook/k3y");
  });

  it("is null when the trigger is another component", () => {
    const document = webhookFlow();
    const nodes = document.nodes.map((n) => (n.id === "hook" ? { ...n, component: "schedule", function: "every" } : n));
    expect(webhookUrlOf(recordOf({ ...document, nodes }), "http://gw:3001")).toBeNull();
  });
});
