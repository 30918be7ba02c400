import { describe, expect, it } from "vitest";
import { moveFlow, newPerson, newTenant, takeControlCommands, useTestServices, webhookFlow } from "../../testing/api-fixture";

const services = useTestServices();

describe("drafts", () => {
  it("a draft saved with the built-ins' earlier names (a designer tab open across the upgrade) is kept and shown under the current ones", async () => {
    const tenant = await newTenant(services);
    const { id } = await tenant.caller.flows.import({ document: webhookFlow("Old names") });
    const doc = webhookFlow("Old names");
    doc.nodes.push({ id: "bulk", component: "transform", function: "batch", config: { size: 5, seconds: 30 }, position: { x: 0, y: 0 } });
    doc.edges.push({ source: "shape", target: "bulk" });
    const saved = await tenant.caller.flows.saveDraft({ id, document: doc, baseVersion: 1 });
    const bulkOf = (document: unknown) => (document as { nodes: Array<{ id: string }> }).nodes.find((n) => n.id === "bulk");
    expect(bulkOf(saved.document)).toMatchObject({ component: "batch", function: "collect", config: { size: 5, maxWaitSeconds: 30, body: "list" } });
    expect(saved.issues).toEqual([]);
    expect(bulkOf((await tenant.caller.flows.draft({ id })).document)).toMatchObject({ component: "batch", function: "collect" });
  });

  it("start from the current version, autosave anything with samples and its issues, publish a valid one as the next version", async () => {
    const tenant = await newTenant(services);
    const editor = await newPerson(services, { workspaceId: tenant.workspaceId, role: "editor" });
    const { id } = await tenant.caller.flows.import({ document: webhookFlow("Orders") });

    const fresh = await editor.caller.flows.draft({ id });
    expect(fresh).toMatchObject({ isDraft: false, baseVersion: 1, currentVersion: 1, issues: [], samples: {} });
    expect((fresh.document as { name: string }).name).toBe("Orders");

    // half-way through an edit: the trigger removed, a step left dangling
    const doc = webhookFlow("Orders v2");
    const broken = { ...doc, nodes: doc.nodes.slice(1), edges: doc.edges.slice(1) };
    const saved = await editor.caller.flows.saveDraft({ id, document: broken, samples: { shape: { order: { id: 7 } } }, baseVersion: 1 });
    expect(saved).toMatchObject({ isDraft: true, author: editor.email, samples: { shape: { order: { id: 7 } } } });
    expect(saved.issues.length).toBeGreaterThan(0);
    expect(saved.issues.map((i) => i.message).join(" ")).toMatch(/trigger/);
    await expect(editor.caller.flows.publish({ id })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^the flow is not valid: .*trigger/) });
    expect((await editor.caller.flows.draft({ id })).isDraft).toBe(true);

    await editor.caller.flows.saveDraft({ id, document: doc, baseVersion: 1 });
    const published = await editor.caller.flows.publish({ id });
    expect(published).toMatchObject({ id, name: "Orders v2", version: 2, restarted: false });
    expect((await tenant.caller.flows.versions({ id })).versions[0]).toMatchObject({ version: 2, author: editor.email, current: true });
    expect(await editor.caller.flows.draft({ id })).toMatchObject({ isDraft: false, currentVersion: 2, baseVersion: 2 });
    await expect(editor.caller.flows.publish({ id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("no draft to publish") });
  });

  it("refuse publishing over a version published meanwhile, and a draft over the size limit", async () => {
    const { caller } = await newTenant(services);
    const { id } = await caller.flows.import({ document: webhookFlow("Orders") });
    await caller.flows.saveDraft({ id, document: webhookFlow("Mine"), baseVersion: 1 });
    await caller.flows.rename({ id, name: "Theirs" });
    await expect(caller.flows.publish({ id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "version 2 was published after this draft was started from version 1: review the changes, then save the draft again",
    });
    const huge = { big: "x".repeat(1024 * 1024) };
    await expect(caller.flows.saveDraft({ id, document: webhookFlow(), samples: { hook: huge }, baseVersion: 2 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("over the limit of 1048576"),
    });
    await caller.flows.discardDraft({ id });
    expect((await caller.flows.draft({ id })).isDraft).toBe(false);
  });

  it("publishing a running flow's draft asks the worker to restart it on the new version", async () => {
    const { caller } = await newTenant(services);
    const { id } = await caller.flows.import({ document: webhookFlow("Orders") });
    await moveFlow(services, id, [
      ["stopped", "start", "starting"],
      ["starting", "step-runners-up", "running"],
    ]);
    await caller.flows.saveDraft({ id, document: webhookFlow("Orders, better"), baseVersion: 1 });
    expect(await caller.flows.publish({ id })).toMatchObject({ version: 2, restarted: true, state: "running" });
    expect(await takeControlCommands(services, id)).toEqual([
      expect.objectContaining({ type: "redeploy", cause: "version 2 published by token 'ci'" }),
    ]);
  });
});
