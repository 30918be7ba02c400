import type { FlowDocument } from "@interflow/flow";
import { describe, expect, it } from "vitest";
import { webhookFlowDocument } from "../testing/flow-documents";
import { newWorkspace, useTestDb } from "../testing/test-db";
import { recordTransition } from "../transitions/record-transition";
import { createFlow } from "./create-flow";
import { createFlowVersion } from "./create-flow-version";
import { getFlow } from "./get-flow";
import { getFlowById } from "./get-flow-by-id";
import { listFlows } from "./list-flows";
import { listFlowsInStates } from "./list-flows-in-states";

const db = useTestDb();

describe("flows", () => {
  it("are created stopped, with the document as version 1", async () => {
    const workspaceId = await newWorkspace(db);
    const document = webhookFlowDocument("Orders");
    const flow = await createFlow(db, { workspaceId, document });
    expect(flow).toMatchObject({ workspaceId, name: "Orders", type: "ordinary", state: "stopped", version: 1, document });
    expect(flow.stateChangedAt).toBeInstanceOf(Date);
    expect(await getFlow(db, { workspaceId, flowId: flow.id })).toEqual(flow);
  });

  it("an edit is a new immutable version that becomes the current one", async () => {
    const workspaceId = await newWorkspace(db);
    const v1 = await createFlow(db, { workspaceId, document: webhookFlowDocument("Orders") });
    const edited: FlowDocument = { ...webhookFlowDocument("Orders v2"), type: "realtime" };
    const v2 = await createFlowVersion(db, { workspaceId, flowId: v1.id, document: edited });

    expect(v2).toMatchObject({ id: v1.id, name: "Orders v2", type: "realtime", version: 2, document: edited });
    expect(v2.versionId).not.toBe(v1.versionId);
    expect(v2.updatedAt.getTime()).toBeGreaterThanOrEqual(v1.updatedAt.getTime());
    const stored = await db.prisma.flowVersion.findMany({ where: { flowId: v1.id }, orderBy: { version: "asc" } });
    expect(stored.map((v) => [v.version, (v.document as { name: string }).name])).toEqual([
      [1, "Orders"],
      [2, "Orders v2"],
    ]);
  });

  it("concurrent edits never share a version number", async () => {
    const workspaceId = await newWorkspace(db);
    const flow = await createFlow(db, { workspaceId, document: webhookFlowDocument() });
    const results = await Promise.allSettled([1, 2, 3].map(() => createFlowVersion(db, { workspaceId, flowId: flow.id, document: webhookFlowDocument() })));
    const versions = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.version] : []));
    expect(new Set(versions).size).toBe(versions.length);
    for (const r of results) if (r.status === "rejected") expect(String(r.reason)).toMatch(/was changed at the same time/);
  });

  it("belong to their workspace: another workspace neither lists, reads nor edits them", async () => {
    const mine = await newWorkspace(db);
    const theirs = await newWorkspace(db);
    const a = await createFlow(db, { workspaceId: mine, document: webhookFlowDocument("A") });
    const b = await createFlow(db, { workspaceId: mine, document: webhookFlowDocument("B") });
    const other = await createFlow(db, { workspaceId: theirs, document: webhookFlowDocument("Theirs") });

    expect((await listFlows(db, { workspaceId: mine })).map((f) => f.id)).toEqual([a.id, b.id]);
    expect(await getFlow(db, { workspaceId: mine, flowId: other.id })).toBeNull();
    expect(await getFlow(db, { workspaceId: mine, flowId: "not-a-flow-id" })).toBeNull();
    await expect(createFlowVersion(db, { workspaceId: mine, flowId: other.id, document: webhookFlowDocument() })).rejects.toThrow(
      `flow ${other.id} not found`,
    );
  });

  it("the worker reads any flow by id, with its workspace's limit, and lists flows by state", async () => {
    const workspaceId = await newWorkspace(db, { limited: true });
    const flow = await createFlow(db, { workspaceId, document: webhookFlowDocument() });
    expect(await getFlowById(db, { flowId: flow.id })).toEqual({ ...flow, workspaceLimited: true, workspaceLimits: { messages: null, bytes: null }, workspaceIdleSeconds: null });
    await db.prisma.workspace.update({ where: { id: workspaceId }, data: { limitMessages: 50, limitBytes: BigInt(2 * 1024 * 1024) } });
    expect((await getFlowById(db, { flowId: flow.id }))?.workspaceLimits).toEqual({ messages: 50, bytes: 2 * 1024 * 1024 });
    expect(await getFlowById(db, { flowId: "missing" })).toBeNull();

    await recordTransition(db, { flowId: flow.id, from: "stopped", to: "starting", event: "start", cause: "test" });
    const starting = await listFlowsInStates(db, { states: ["starting", "stopping"] });
    expect(starting.find((f) => f.id === flow.id)).toMatchObject({ state: "starting" });
    expect((await listFlowsInStates(db, { states: ["suspended"] })).some((f) => f.id === flow.id)).toBe(false);
    expect(await listFlowsInStates(db, { states: [] })).toEqual([]);
  });
});
