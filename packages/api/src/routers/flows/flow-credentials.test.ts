import { randomBytes } from "node:crypto";
import type { FlowDocument } from "@interflow/flow";
import { describe, expect, it } from "vitest";
import { type ApiCaller, moveFlow, newTenant, takeControlCommands, useTestServices, webhookFlow } from "../../testing/api-fixture";
import { outcomeOf } from "../../testing/procedures";

const services = useTestServices();

/** The webhook flow whose http step "send" uses `credentialId` (none: no credential). */
function withCredential(credentialId: string | undefined, name = "Orders to CRM"): FlowDocument {
  const doc = webhookFlow(name);
  return { ...doc, nodes: doc.nodes.map((node) => (node.id === "send" && credentialId ? { ...node, credentialId } : node)) };
}

async function httpCredential(caller: ApiCaller, name = "CRM") {
  return caller.credentials.create({ name, component: "http", authKind: "bearer", secrets: { token: `tok_${randomBytes(12).toString("hex")}` } });
}

describe("a flow's steps use credentials of the flow's workspace, by id", () => {
  it("a draft names each step whose credential is not one of the workspace's for its component; publish refuses it", async () => {
    const { caller } = await newTenant(services);
    const mine = await httpCredential(caller);
    const crm = await caller.credentials.create({ name: "Test CRM", component: "test-crm", values: { region: "eu" }, secrets: { apiKey: "crm_key" } });
    const theirs = await httpCredential((await newTenant(services)).caller);
    const { id } = await caller.flows.import({ document: webhookFlow() });

    for (const [credentialId, what] of [
      [theirs.id, "another workspace's"],
      [crm.id, "another component's"],
      ["no-such-credential", "a missing one"],
    ] as const) {
      const saved = await caller.flows.saveDraft({ id, document: withCredential(credentialId), baseVersion: 1 });
      expect(saved.issues, what).toEqual([
        {
          rule: "unknown-credential",
          nodeId: "send",
          path: "nodes[2].credentialId",
          message: `node "send": credential ${credentialId} is not a credential of this workspace's http component`,
        },
      ]);
      expect((await caller.flows.draft({ id })).issues, what).toEqual(saved.issues);
      expect(await outcomeOf(caller.flows.publish({ id })), what).toEqual({
        ok: false,
        code: "BAD_REQUEST",
        message: `the flow is not valid: node "send": credential ${credentialId} is not a credential of this workspace's http component`,
      });
    }
    // the issues of a half-built draft and of its credentials come together
    const broken = { ...withCredential(theirs.id), edges: [] };
    expect((await caller.flows.saveDraft({ id, document: broken, baseVersion: 1 })).issues.map((i) => [i.rule, i.nodeId])).toEqual([
      ["unreachable", "shape"],
      ["unreachable", "send"],
      ["unknown-credential", "send"],
    ]);

    expect((await caller.flows.saveDraft({ id, document: withCredential(mine.id), baseVersion: 1 })).issues).toEqual([]);
    expect(await caller.flows.publish({ id })).toMatchObject({ version: 2 });
    expect((await caller.flows.version({ id, version: 2 })).document.nodes[2]?.credentialId).toBe(mine.id);
  });

  it("import refuses a credential id that is not the workspace's, with a 400 naming the step", async () => {
    const { caller } = await newTenant(services);
    const theirs = await httpCredential((await newTenant(services)).caller);
    expect(await outcomeOf(caller.flows.import({ document: withCredential(theirs.id) }))).toEqual({
      ok: false,
      code: "BAD_REQUEST",
      message: `the flow is not valid: node "send": credential ${theirs.id} is not a credential of this workspace's http component`,
    });
    expect((await caller.flows.list()).flows).toEqual([]);
  });

  it("restoring a version whose credential is gone is refused, naming the step", async () => {
    const { caller } = await newTenant(services);
    const credential = await httpCredential(caller);
    const { id } = await caller.flows.import({ document: withCredential(credential.id) });
    await caller.flows.saveDraft({ id, document: withCredential(undefined), baseVersion: 1 });
    await caller.flows.publish({ id });
    // version 1 still names it, but only what runs or is being edited holds a credential
    await caller.credentials.delete({ id: credential.id });
    expect(await outcomeOf(caller.flows.restore({ id, version: 1 }))).toEqual({
      ok: false,
      code: "BAD_REQUEST",
      message: `the flow is not valid: node "send": credential ${credential.id} is not a credential of this workspace's http component`,
    });
    expect((await caller.flows.versions({ id })).versions).toHaveLength(2);
  });

  it("a credential is not deleted while a flow's current version or draft uses it: the refusal names the flows", async () => {
    const { caller } = await newTenant(services);
    const credential = await httpCredential(caller);
    const running = await caller.flows.import({ document: withCredential(credential.id, "Orders to CRM") });
    const editing = await caller.flows.import({ document: webhookFlow("Leads") });
    await caller.flows.saveDraft({ id: editing.id, document: withCredential(credential.id, "Leads"), baseVersion: 1 });
    expect(await outcomeOf(caller.credentials.delete({ id: credential.id }))).toEqual({
      ok: false,
      code: "CONFLICT",
      message: 'id: the credential "CRM" is used by the flows "Leads" (draft), "Orders to CRM" (current version): choose another credential for their steps first',
    });
    expect((await caller.credentials.list()).credentials.map((c) => c.id)).toEqual([credential.id]);

    await caller.flows.discardDraft({ id: editing.id });
    await caller.flows.saveDraft({ id: running.id, document: withCredential(undefined, "Orders to CRM"), baseVersion: 1 });
    await caller.flows.publish({ id: running.id });
    expect(await caller.credentials.delete({ id: credential.id })).toEqual({ id: credential.id });
  });

  it("changing a credential's secret or values restarts the running flows that sign in with it; a rename does not", async () => {
    const { caller } = await newTenant(services);
    const credential = await httpCredential(caller);
    const running = await caller.flows.import({ document: withCredential(credential.id, "Running orders") });
    const stopped = await caller.flows.import({ document: withCredential(credential.id, "Stopped orders") });
    const other = await caller.flows.import({ document: webhookFlow("Without the credential") });
    for (const id of [running.id, other.id]) {
      await moveFlow(services, id, [
        ["stopped", "start", "starting"],
        ["starting", "step-runners-up", "running"],
      ]);
    }
    await caller.credentials.update({ id: credential.id, name: "CRM (renamed)" });
    expect(await takeControlCommands(services, running.id)).toEqual([]);
    await caller.credentials.update({ id: credential.id, secrets: { token: `tok_${randomBytes(12).toString("hex")}` } });
    expect((await takeControlCommands(services, running.id)).map((c) => [c.type, c.cause])).toEqual([["redeploy", `credential "CRM (renamed)" changed by token 'ci'`]]);
    expect(await takeControlCommands(services, stopped.id)).toEqual([]);
    expect(await takeControlCommands(services, other.id)).toEqual([]);
  });
});
