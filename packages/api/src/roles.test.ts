import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type ApiCaller,
  callerFor,
  moveFlow,
  newPerson,
  newPersonToken,
  newTenant,
  TEST_PASSWORD,
  takeControlCommands,
  useTestServices,
  webhookFlow,
} from "./testing/api-fixture";
import { queuedAt, writeOrderExecution } from "./testing/executions";
import { callProcedure, mutationPaths, outcomeOf, procedurePaths } from "./testing/procedures";
import { useStepTestWorker } from "./testing/step-test-worker";
import { customComponentInstall } from "./testing/test-components";
import { workspaceStateOf } from "./testing/workspace-state";

// people here may create workspaces (installation-rights.test.ts covers an installation where they may not)
const services = useTestServices({ openWorkspaces: true });
useStepTestWorker();

/** A workspace with a person of each role, a flow in each state a command needs, a pending invitation. */
async function workspaceWithEveryRole() {
  const tenant = await newTenant(services);
  const owner = await newPerson(services, { workspaceId: tenant.workspaceId, role: "owner", installationAdmin: true });
  const editor = await newPerson(services, { workspaceId: tenant.workspaceId, role: "editor" });
  const viewer = await newPerson(services, { workspaceId: tenant.workspaceId, role: "viewer" });
  const ownerToken = await newPersonToken(services, { workspaceId: tenant.workspaceId, userId: owner.userId });
  const invitation = await owner.caller.invitations.create({ role: "viewer" });
  const stopped = await owner.caller.flows.import({ document: webhookFlow("stopped") });
  const running = await owner.caller.flows.import({ document: webhookFlow("running") });
  await moveFlow(services, running.id, [
    ["stopped", "start", "starting"],
    ["starting", "step-runners-up", "running"],
  ]);
  const suspended = await owner.caller.flows.import({ document: webhookFlow("suspended") });
  await moveFlow(services, suspended.id, [
    ["stopped", "start", "starting"],
    ["starting", "step-runners-up", "running"],
    ["running", "suspend", "suspending"],
    ["suspending", "runners-stopped", "suspended"],
  ]);
  const credential = await owner.caller.credentials.create({ name: "CRM", component: "http", authKind: "bearer", secrets: { token: "owner's token" } });
  const webhookCredential = await owner.caller.credentials.create({ name: "Senders", component: "webhook", authKind: "api-key", secrets: { key: "a-webhook-key-0123456789" } });
  await owner.caller.components.install(customComponentInstall("installed-tools"));
  // two orders that failed in the running flow: one to retry, one to discard
  const orders = { workspaceId: tenant.workspaceId, flowId: running.id, startedAt: new Date(Date.UTC(2026, 11, 6, 7)), outcome: "failed" as const };
  const toRetry = await writeOrderExecution(services, orders);
  const toDiscard = await writeOrderExecution(services, orders);
  return {
    ...tenant,
    owner,
    editor,
    viewer,
    ownerToken,
    invitationId: invitation.id,
    flows: { stopped: stopped.id, running: running.id, suspended: suspended.id },
    credentialId: credential.id,
    webhookCredentialId: webhookCredential.id,
    failed: { retry: toRetry.failedId ?? "", discard: toDiscard.failedId ?? "", executionId: toRetry.executionId },
  };
}
type World = Awaited<ReturnType<typeof workspaceWithEveryRole>>;

/** An invitation to some other workspace: what invitations.accept and signUp act on. */
async function invitationElsewhere(): Promise<string> {
  const other = await newTenant(services);
  const owner = await newPerson(services, { workspaceId: other.workspaceId, role: "owner" });
  const { url } = await owner.caller.invitations.create({ role: "editor" });
  return url.split("/invite/")[1] ?? "";
}

/** A valid input for every mutation, so that a refusal can only come from the caller's role. */
const mutationInputs: Record<string, (w: World) => unknown | Promise<unknown>> = {
  "flows.create": () => ({ name: "created", trigger: { component: "webhook", function: "receive" } }),
  "flows.import": () => ({ document: webhookFlow("imported") }),
  "flows.start": (w) => ({ id: w.flows.stopped }),
  "flows.stop": (w) => ({ id: w.flows.running }),
  "flows.suspend": (w) => ({ id: w.flows.running }),
  "flows.scale": (w) => ({ id: w.flows.running, stepId: "shape", replicas: 2 }),
  "flows.rotateWebhookUrl": (w) => ({ id: w.flows.stopped }),
  "flows.runNow": (w) => ({ id: w.flows.running }),
  // runs the flow's test cases (none here) and one message through a trigger-only draft: nothing waits for a worker
  "flows.test": (w) => ({ id: w.flows.stopped }),
  "flows.testRun": (w) => ({ id: w.flows.stopped, document: { schema: "interflow/flow@1", name: "trigger only", type: "ordinary", nodes: [{ id: "hook", component: "webhook", function: "receive", config: {}, position: { x: 0, y: 0 } }], edges: [] }, input: {} }),
  "flows.resetSnapshot": (w) => ({ id: w.flows.stopped }),
  "flows.resume": (w) => ({ id: w.flows.suspended }),
  "flows.restore": (w) => ({ id: w.flows.stopped, version: 1 }),
  "flows.rename": (w) => ({ id: w.flows.stopped, name: "Renamed flow" }),
  "flows.duplicate": (w) => ({ id: w.flows.stopped }),
  "flows.delete": (w) => ({ id: w.flows.stopped }),
  "flows.saveDraft": (w) => ({ id: w.flows.stopped, document: webhookFlow("draft"), baseVersion: 1 }),
  "flows.discardDraft": (w) => ({ id: w.flows.stopped }),
  "flows.publish": (w) => ({ id: w.flows.stopped }),
  "credentials.create": () => ({ name: `CRM ${randomUUID()}`, component: "http", authKind: "bearer", secrets: { token: "a new token" } }),
  "credentials.update": (w) => ({ id: w.credentialId, name: `CRM ${randomUUID()}`, secrets: { token: "a replaced token" } }),
  "credentials.delete": (w) => ({ id: w.credentialId }),
  "credentials.rotateSecret": (w) => ({ id: w.webhookCredentialId }),
  "credentials.verify": (w) => ({ id: w.credentialId }),
  "credentials.connect": (w) => ({ id: w.credentialId }),
  "credentials.test": () => ({ component: "test-crm", values: { region: "eu" }, secrets: { apiKey: "crm_typed-in-the-wizard" } }),
  "components.install": () => customComponentInstall("more-tools"),
  "components.uninstall": () => ({ name: "installed-tools" }),
  "workspaces.create": () => ({ name: "Side project" }),
  "workspaces.update": () => ({ name: "Renamed", limited: true, limits: { messages: 10, bytes: null } }),
  "members.setRole": (w) => ({ userId: w.editor.userId, role: "viewer" }),
  "members.remove": (w) => ({ userId: w.editor.userId }),
  "invitations.create": () => ({ role: "owner" }),
  "invitations.revoke": (w) => ({ id: w.invitationId }),
  "invitations.accept": async () => ({ secret: await invitationElsewhere() }),
  "invitations.signUp": async () => ({ secret: await invitationElsewhere(), name: "New", email: `new-${randomUUID()}@example.test`, password: TEST_PASSWORD }),
  "tokens.create": () => ({ name: "laptop" }),
  "tokens.revoke": (w) => ({ id: w.ownerToken.tokenId }),
  "executions.retry": (w) => ({ id: w.flows.running, messages: [w.failed.retry] }),
  "executions.replay": (w) => ({ id: w.flows.running, from: "2026-12-06T06:00:00Z", to: "2026-12-06T08:00:00Z" }),
  "executions.discard": (w) => ({ id: w.flows.running, messages: [w.failed.discard] }),
  "samples.listenForWebhook": (w) => ({ id: w.flows.stopped, stepId: "hook", component: "webhook", function: "receive", config: {} }),
  "samples.waitForWebhook": (w) => ({ id: w.flows.stopped, timeoutMs: 1_000 }),
  "samples.stopListening": (w) => ({ id: w.flows.stopped }),
  "samples.runStep": (w) => ({
    id: w.flows.stopped,
    document: webhookFlow("draft"),
    stepId: "shape",
    samples: { hook: { body: { order: { id: "o-1" } }, headers: {}, source: "typed", takenAt: new Date().toISOString() } },
  }),
};

/**
 * The mutations a viewer may call, because they change nothing in the viewer's workspace; each is
 * proven so below. Any other mutation must refuse a viewer with FORBIDDEN.
 */
const VIEWER_MAY: Record<string, (w: World, viewer: ApiCaller) => Promise<void>> = {
  // a person's own API token: it acts with their role, so a viewer's token is a viewer too
  "tokens.create": async (w, viewer) => {
    const { token } = await viewer.tokens.create({ name: "viewer's laptop" });
    const withToken = await callerFor(services, { authorization: `Bearer ${token}` });
    expect((await withToken.me.get()).workspace.role).toBe("viewer");
    await expect(withToken.flows.start({ id: w.flows.stopped })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(withToken.flows.import({ document: webhookFlow() })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(withToken.tokens.revoke({ id: w.ownerToken.tokenId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  },
  // only their own: anybody else's token is as unknown to them as a missing one
  "tokens.revoke": async (w, viewer) => {
    const { id, token } = await viewer.tokens.create({ name: "to revoke" });
    await expect(viewer.tokens.revoke({ id: w.ownerToken.tokenId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await viewer.tokens.revoke({ id })).toEqual({ id });
    await expect((await callerFor(services, { authorization: `Bearer ${token}` })).flows.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((await w.ownerToken.caller.me.get()).workspace.role).toBe("owner");
  },
  // joins another workspace through its link: nothing changes here
  "invitations.accept": async (w, viewer) => {
    const joined = await viewer.invitations.accept({ secret: await invitationElsewhere() });
    expect(joined.workspaceId).not.toBe(w.workspaceId);
  },
  // public: creates someone else's account in another workspace
  "invitations.signUp": async (w, viewer) => {
    const input = (await mutationInputs["invitations.signUp"]?.(w)) as { email: string };
    const joined = await viewer.invitations.signUp(input as Parameters<ApiCaller["invitations"]["signUp"]>[0]);
    expect(joined.workspaceId).not.toBe(w.workspaceId);
  },
  // a new workspace of their own, where they are owner
  "workspaces.create": async (w, viewer) => {
    const created = await viewer.workspaces.create({ name: "Viewer's own" });
    expect(created.id).not.toBe(w.workspaceId);
    expect((await viewer.workspaces.list()).workspaces).toContainEqual({ id: created.id, name: "Viewer's own", role: "owner" });
  },
};

/** What only owners may do: people, invitations, the workspace's settings, the audit trail. */
const OWNER_ONLY = ["components.install", "components.uninstall", "members.setRole", "members.remove", "invitations.list", "invitations.create", "invitations.revoke", "workspaces.update", "audit.list"];

describe("roles", () => {
  it("every mutation has a valid input here, and the owner-only list names real procedures", () => {
    for (const path of mutationPaths) expect(mutationInputs[path], `add ${path} to the roles test's mutation inputs`).toBeDefined();
    for (const path of [...OWNER_ONLY, ...Object.keys(VIEWER_MAY)]) expect(procedurePaths).toContain(path);
  });

  it("a viewer — signed in or with their token — can call no mutation that changes the workspace, but sees it", async () => {
    const w = await workspaceWithEveryRole();
    const viewerToken = await newPersonToken(services, { workspaceId: w.workspaceId, userId: w.viewer.userId });
    const before = await workspaceStateOf(services, w.workspaceId);

    for (const [name, viewer] of [
      ["signed in", w.viewer.caller],
      ["token", viewerToken.caller],
    ] as const) {
      for (const path of mutationPaths) {
        if (VIEWER_MAY[path]) continue;
        const outcome = await outcomeOf(callProcedure(viewer, path, await mutationInputs[path]?.(w)));
        expect(outcome, `viewer (${name}) called ${path}: FORBIDDEN, or add it to VIEWER_MAY with a proof that it changes nothing here`).toMatchObject({
          ok: false,
          code: "FORBIDDEN",
        });
      }
    }
    for (const [path, prove] of Object.entries(VIEWER_MAY)) {
      expect(mutationPaths, `${path} is no mutation any more`).toContain(path);
      await prove(w, w.viewer.caller);
    }

    // nothing of the workspace changed: its settings, people, invitations, flows and the owner's tokens
    const after = await workspaceStateOf(services, w.workspaceId);
    expect(after.workspace).toEqual(before.workspace);
    expect(after.members).toEqual(before.members);
    expect(after.invitations).toEqual(before.invitations);
    expect(after.flows).toEqual(before.flows);
    expect(after.credentials).toEqual(before.credentials);
    expect(after.executions).toEqual(before.executions);
    expect(after.failedMessages).toEqual(before.failedMessages);
    for (const step of ["hook", "shape", "send"]) expect(await queuedAt(services, w.flows.running, step), `${step} queued nothing`).toEqual([]);
    expect(after.tokens.filter((t) => t.owner?.id !== w.viewer.userId)).toEqual(before.tokens.filter((t) => t.owner?.id !== w.viewer.userId));
    for (const id of Object.values(w.flows)) expect(await takeControlCommands(services, id)).toEqual([]);
    // and they still see it
    expect((await w.viewer.caller.flows.list()).flows.map((f) => f.id)).toEqual(Object.values(w.flows));
    expect(await w.viewer.caller.flows.status({ id: w.flows.running })).toMatchObject({ state: "running" });
    expect((await w.viewer.caller.members.list()).members).toHaveLength(3);
    expect((await w.viewer.caller.credentials.list()).credentials.map((c) => [c.id, c.secrets])).toEqual([
      [w.credentialId, { token: { set: true, masked: "••••••••" } }],
      // not rotated by the viewer: still the one key it was made with
      [w.webhookCredentialId, { key: { set: true, masked: "••••••••6789" } }],
    ]);
    // what became of the flow's messages: listed, each with its tries, the failed ones with their bodies
    expect((await w.viewer.caller.executions.list({ id: w.flows.running })).total).toBe(2);
    expect((await w.viewer.caller.executions.get({ executionId: w.failed.executionId })).records).toHaveLength(4);
    expect((await w.viewer.caller.executions.failed({ id: w.flows.running })).items.map((f) => f.id).sort()).toEqual([w.failed.retry, w.failed.discard].sort());
  });

  it("a viewer is told why, in words", async () => {
    const w = await workspaceWithEveryRole();
    await expect(w.viewer.caller.flows.start({ id: w.flows.stopped })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "viewers cannot change anything in a workspace: ask an owner for the editor role",
    });
    for (const send of [
      w.viewer.caller.executions.retry({ id: w.flows.running, all: true }),
      w.viewer.caller.executions.replay({ id: w.flows.running, from: "2026-12-06T06:00:00Z", to: "2026-12-06T08:00:00Z" }),
      w.viewer.caller.executions.discard({ id: w.flows.running, all: true }),
    ]) {
      await expect(send).rejects.toMatchObject({ code: "FORBIDDEN", message: "viewers cannot change anything in a workspace: ask an owner for the editor role" });
    }
    await expect(w.viewer.caller.members.remove({ userId: w.editor.userId })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "only owners can do this; you are a viewer here",
    });
  });

  it("an editor changes flows, and is FORBIDDEN exactly the owner-only procedures", async () => {
    const w = await workspaceWithEveryRole();
    const editorToken = await newPersonToken(services, { workspaceId: w.workspaceId, userId: w.editor.userId });
    for (const [name, editor] of [
      ["signed in", w.editor.caller],
      ["token", editorToken.caller],
    ] as const) {
      for (const path of OWNER_ONLY) {
        const input = await (mutationInputs[path]?.(w) ?? undefined);
        expect(await outcomeOf(callProcedure(editor, path, input)), `editor (${name}): ${path}`).toMatchObject({
          ok: false,
          code: "FORBIDDEN",
          message: "only owners can do this; you are an editor here",
        });
      }
    }
    expect((await workspaceStateOf(services, w.workspaceId)).members.map((m) => [m.userId, m.role])).toEqual([
      [w.owner.userId, "owner"],
      [w.editor.userId, "editor"],
      [w.viewer.userId, "viewer"],
    ]);

    const editor = w.editor.caller;
    const imported = await editor.flows.import({ document: webhookFlow("editor's") });
    expect(await editor.flows.start({ id: imported.id })).toMatchObject({ requested: "start" });
    expect(await editor.flows.stop({ id: w.flows.running })).toMatchObject({ requested: "stop" });
    expect(await editorToken.caller.flows.suspend({ id: w.flows.running })).toMatchObject({ requested: "suspend" });
    expect(await editorToken.caller.flows.resume({ id: w.flows.suspended })).toMatchObject({ requested: "resume" });
    expect(await takeControlCommands(services, imported.id)).toEqual([expect.objectContaining({ type: "start", cause: `start requested by ${w.editor.email}` })]);
    expect((await takeControlCommands(services, w.flows.running)).map((c) => [c.type, c.cause]).sort()).toEqual([
      ["stop", `stop requested by ${w.editor.email}`],
      ["suspend", `suspend requested by token 'laptop' of ${w.editor.email}`],
    ]);
    expect((await takeControlCommands(services, w.flows.suspended)).map((c) => c.type)).toEqual(["resume"]);
    // failed messages: sent again, or discarded
    expect(await editorToken.caller.executions.retry({ id: w.flows.running, messages: [w.failed.retry] })).toMatchObject({ sent: 1 });
    expect(await editor.executions.discard({ id: w.flows.running, messages: [w.failed.discard] })).toEqual({ discarded: 1 });
    expect((await editor.executions.failed({ id: w.flows.running, status: ["retried", "discarded"] })).items.map((f) => [f.status, f.resolvedBy]).sort()).toEqual([
      ["discarded", w.editor.email],
      ["retried", `token 'laptop' of ${w.editor.email}`],
    ]);
    // what every member may read
    expect((await editor.members.list()).members).toHaveLength(3);
    expect((await editor.workspaces.get()).role).toBe("editor");
  });

  it("every procedure an editor may not call is on the owner-only list", async () => {
    const w = await workspaceWithEveryRole();
    for (const path of procedurePaths) {
      if (OWNER_ONLY.includes(path)) continue;
      const input = await (mutationInputs[path]?.(w) ?? { id: w.flows.stopped });
      const outcome = await outcomeOf(callProcedure(w.editor.caller, path, input));
      expect(outcome.ok ? "ok" : outcome.code, `editor: ${path} ${JSON.stringify(outcome).slice(0, 200)}`).not.toBe("FORBIDDEN");
    }
    for (const id of Object.values(w.flows)) await takeControlCommands(services, id);
  });

  it("an owner may do all of it", async () => {
    const w = await workspaceWithEveryRole();
    for (const path of OWNER_ONLY) {
      const input = await (mutationInputs[path]?.(w) ?? undefined);
      expect(await outcomeOf(callProcedure(w.owner.caller, path, input)), path).toMatchObject({ ok: true });
    }
  });
});
