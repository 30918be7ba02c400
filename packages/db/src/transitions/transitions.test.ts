import { AppErrorCode } from "@interflow/flow";
import { describe, expect, it } from "vitest";
import { createFlow } from "../flows/create-flow";
import { getFlow } from "../flows/get-flow";
import { webhookFlowDocument } from "../testing/flow-documents";
import { newWorkspace, useTestDb } from "../testing/test-db";
import { listTransitions } from "./list-transitions";
import { recordTransition } from "./record-transition";

const db = useTestDb();

async function newFlow() {
  const workspaceId = await newWorkspace(db);
  const flow = await createFlow(db, { workspaceId, document: webhookFlowDocument() });
  return { workspaceId, flowId: flow.id };
}

describe("flow transitions", () => {
  it("move the flow and are stored with their cause, newest first", async () => {
    const { workspaceId, flowId } = await newFlow();
    const started = await recordTransition(db, { flowId, from: "stopped", to: "starting", event: "start", cause: "start requested by token 'ci'" });
    await recordTransition(db, { flowId, from: "starting", to: "running", event: "step-runners-up", cause: "2 step runners up" });

    expect(started).toMatchObject({ flowId, from: "stopped", to: "starting", event: "start", cause: "start requested by token 'ci'" });
    const flow = await getFlow(db, { workspaceId, flowId });
    expect(flow?.state).toBe("running");
    expect(flow?.stateChangedAt.getTime()).toBeGreaterThanOrEqual(started.at.getTime() - 1000);
    const history = await listTransitions(db, { workspaceId, flowId });
    expect(history.map((t) => `${t.from}→${t.to} (${t.event})`)).toEqual(["starting→running (step-runners-up)", "stopped→starting (start)"]);
    expect(await listTransitions(db, { workspaceId, flowId, limit: 1 })).toHaveLength(1);
  });

  it("refuse a move from a state the flow is no longer in, and write nothing", async () => {
    const { workspaceId, flowId } = await newFlow();
    await expect(recordTransition(db, { flowId, from: "running", to: "stopping", event: "stop", cause: "test" })).rejects.toMatchObject({
      code: AppErrorCode.Conflict,
      message: `flow ${flowId} is stopped, not running`,
    });
    expect(await listTransitions(db, { workspaceId, flowId })).toEqual([]);
    expect((await getFlow(db, { workspaceId, flowId }))?.state).toBe("stopped");
  });

  it("only one of two racing moves from the same state wins", async () => {
    const { workspaceId, flowId } = await newFlow();
    const results = await Promise.allSettled([
      recordTransition(db, { flowId, from: "stopped", to: "starting", event: "start", cause: "first" }),
      recordTransition(db, { flowId, from: "stopped", to: "starting", event: "start", cause: "second" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await listTransitions(db, { workspaceId, flowId })).toHaveLength(1);
  });

  it("of an unknown flow, or of another workspace's flow, are NotFound", async () => {
    const { flowId } = await newFlow();
    const otherWorkspace = await newWorkspace(db);
    await expect(recordTransition(db, { flowId: "missing", from: "stopped", to: "starting", event: "start", cause: "x" })).rejects.toMatchObject({
      code: AppErrorCode.NotFound,
      message: "flow missing not found",
    });
    await expect(listTransitions(db, { workspaceId: otherWorkspace, flowId })).rejects.toMatchObject({
      code: AppErrorCode.NotFound,
      message: `flow ${flowId} not found`,
    });
  });
});
