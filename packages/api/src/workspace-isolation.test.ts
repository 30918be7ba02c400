import { randomUUID } from "node:crypto";
import { createApiToken, findInvitation, getDecryptedCredential } from "@interflow/db";
import { readWebhookListener } from "@interflow/queue";
import { describe, expect, it } from "vitest";
import { WORKSPACE_COOKIE, WORKSPACE_HEADER } from "./context";
import {
  type ApiCaller,
  callerFor,
  moveFlow,
  newPerson,
  newPersonToken,
  newTenant,
  TEST_ENCRYPTION_KEY,
  TEST_PASSWORD,
  takeControlCommands,
  useTestServices,
  webhookFlow,
} from "./testing/api-fixture";
import { queuedAt, writeOrderExecution } from "./testing/executions";
import { callProcedure, outcomeOf, procedurePaths } from "./testing/procedures";
import { useStepTestWorker } from "./testing/step-test-worker";
import { customComponentInstall } from "./testing/test-components";
import { type WorkspaceState, workspaceStateOf } from "./testing/workspace-state";

// people here may create workspaces (installation-rights.test.ts covers an installation where they may not)
const services = useTestServices({ openWorkspaces: true });
useStepTestWorker();

/** The secret of B's credential: nothing a caller of A gets back may contain it. */
const B_SECRET = `b-secret-${randomUUID()}`;

/** Workspace B, with one of each thing a procedure could reach: the target of the walk. */
async function workspaceB() {
  const tenant = await newTenant(services);
  const owner = await newPerson(services, { workspaceId: tenant.workspaceId, role: "owner", installationAdmin: true });
  const editor = await newPerson(services, { workspaceId: tenant.workspaceId, role: "editor" });
  const ownerToken = await newPersonToken(services, { workspaceId: tenant.workspaceId, userId: owner.userId, name: "B's laptop" });
  const editorToken = await newPersonToken(services, { workspaceId: tenant.workspaceId, userId: editor.userId, name: "B's build" });
  await owner.caller.workspaces.update({ name: `B ${randomUUID()}` });
  const invitation = await owner.caller.invitations.create({ role: "editor" });
  const secret = invitation.url.split("/invite/")[1] ?? "";
  // a flow in each state a command needs, so that any leak would be obeyed rather than refused as a transition
  const stopped = await owner.caller.flows.import({ document: webhookFlow("B's stopped flow") });
  const running = await owner.caller.flows.import({ document: webhookFlow("B's running flow") });
  await moveFlow(services, running.id, [
    ["stopped", "start", "starting"],
    ["starting", "step-runners-up", "running"],
  ]);
  const suspended = await owner.caller.flows.import({ document: webhookFlow("B's suspended flow") });
  await moveFlow(services, suspended.id, [
    ["stopped", "start", "starting"],
    ["starting", "step-runners-up", "running"],
    ["running", "suspend", "suspending"],
    ["suspending", "runners-stopped", "suspended"],
  ]);
  const credential = await editor.caller.credentials.create({ name: "B's CRM", component: "test-crm", values: { region: "b-region" }, secrets: { apiKey: B_SECRET } });
  const webhookCredential = await editor.caller.credentials.create({ name: "B's senders", component: "webhook", authKind: "hmac-signature", secrets: { secret: "b-signing-secret-0123456789" } });
  await owner.caller.components.install(customComponentInstall("b-tools"));
  // an order that failed in B's running flow: its execution, its failed message and what it carried
  const order = await writeOrderExecution(services, {
    workspaceId: tenant.workspaceId,
    flowId: running.id,
    startedAt: new Date(Date.UTC(2026, 11, 6, 7)),
    outcome: "failed",
    orderId: `b-order-${randomUUID()}`,
  });
  const auditIds = (await owner.caller.audit.list()).entries.map((e) => e.id);
  const workspace = await owner.caller.workspaces.get();
  return {
    ...tenant,
    workspaceName: workspace.name,
    owner,
    editor,
    ownerToken,
    editorToken,
    invitation: { id: invitation.id, secret },
    flows: { stopped: stopped.id, running: running.id, suspended: suspended.id },
    credentialId: credential.id,
    webhookCredentialId: webhookCredential.id,
    execution: { id: order.executionId, failedId: order.failedId ?? "", messageId: order.messageIds.send, orderId: order.order.order.id },
    auditIds,
  };
}
type B = Awaited<ReturnType<typeof workspaceB>>;

/** Everything that names B: none of it may appear in what a caller of A gets back. */
function fingerprintsOf(b: B): string[] {
  return [
    b.workspaceId,
    b.workspaceName,
    b.owner.userId,
    b.owner.email,
    b.editor.userId,
    b.editor.email,
    b.tokenId,
    b.ownerToken.tokenId,
    b.editorToken.tokenId,
    "B's laptop",
    "B's build",
    b.invitation.id,
    ...Object.values(b.flows),
    "B's stopped flow",
    "B's running flow",
    "B's suspended flow",
    b.credentialId,
    "B's CRM",
    "b-region",
    B_SECRET,
    b.execution.id,
    b.execution.failedId,
    b.execution.messageId,
    b.execution.orderId,
    ...b.auditIds,
  ];
}

/**
 * How each procedure is aimed at B. `refused`: it must answer NOT_FOUND or FORBIDDEN (a procedure
 * for signed-in people only may also refuse a token with UNAUTHORIZED). `own`: it acts in the
 * caller's own workspace whatever the input says (B's ids passed anyway, and ignored); what it
 * answers must name nothing of B.
 */
const walk: Record<string, { expect: "refused" | "own"; input: (b: B) => unknown }> = {
  "flows.list": { expect: "own", input: (b) => ({ workspaceId: b.workspaceId }) },
  "flows.create": { expect: "own", input: (b) => ({ name: "A's new flow", trigger: { component: "webhook", function: "receive" }, workspaceId: b.workspaceId }) },
  "flows.import": { expect: "own", input: (b) => ({ document: webhookFlow("A's import"), workspaceId: b.workspaceId }) },
  "flows.export": { expect: "refused", input: (b) => ({ id: b.flows.stopped }) },
  "flows.status": { expect: "refused", input: (b) => ({ id: b.flows.running }) },
  "flows.start": { expect: "refused", input: (b) => ({ id: b.flows.stopped }) },
  "flows.stop": { expect: "refused", input: (b) => ({ id: b.flows.running }) },
  "flows.suspend": { expect: "refused", input: (b) => ({ id: b.flows.running }) },
  "flows.resume": { expect: "refused", input: (b) => ({ id: b.flows.suspended }) },
  "flows.transitions": { expect: "refused", input: (b) => ({ id: b.flows.running }) },
  "flows.logs": { expect: "refused", input: (b) => ({ id: b.flows.running }) },
  "flows.scale": { expect: "refused", input: (b) => ({ id: b.flows.running, stepId: "shape", replicas: 2 }) },
  "flows.rotateWebhookUrl": { expect: "refused", input: (b) => ({ id: b.flows.running }) },
  "flows.runNow": { expect: "refused", input: (b) => ({ id: b.flows.running }) },
  "flows.test": { expect: "refused", input: (b) => ({ id: b.flows.stopped }) },
  "flows.testRun": { expect: "refused", input: (b) => ({ id: b.flows.stopped, document: { schema: "interflow/flow@1", name: "trigger only", type: "ordinary", nodes: [{ id: "hook", component: "webhook", function: "receive", config: {}, position: { x: 0, y: 0 } }], edges: [] }, input: {} }) },
  "flows.polling": { expect: "refused", input: (b) => ({ id: b.flows.running }) },
  "flows.resetSnapshot": { expect: "refused", input: (b) => ({ id: b.flows.stopped }) },
  "flows.dashboard": { expect: "own", input: (b) => ({ workspaceId: b.workspaceId, states: ["stopped", "running", "suspended"] }) },
  "flows.versions": { expect: "refused", input: (b) => ({ id: b.flows.stopped }) },
  "flows.version": { expect: "refused", input: (b) => ({ id: b.flows.stopped, version: 1 }) },
  "flows.diff": { expect: "refused", input: (b) => ({ id: b.flows.stopped, from: 1, to: 1 }) },
  "flows.restore": { expect: "refused", input: (b) => ({ id: b.flows.stopped, version: 1 }) },
  "flows.rename": { expect: "refused", input: (b) => ({ id: b.flows.stopped, name: "renamed by A" }) },
  "flows.duplicate": { expect: "refused", input: (b) => ({ id: b.flows.stopped }) },
  "flows.delete": { expect: "refused", input: (b) => ({ id: b.flows.stopped }) },
  "flows.draft": { expect: "refused", input: (b) => ({ id: b.flows.stopped }) },
  "flows.saveDraft": { expect: "refused", input: (b) => ({ id: b.flows.stopped, document: webhookFlow("A's draft"), baseVersion: 1 }) },
  "flows.discardDraft": { expect: "refused", input: (b) => ({ id: b.flows.stopped }) },
  "flows.publish": { expect: "refused", input: (b) => ({ id: b.flows.stopped }) },
  // B's executions and failed messages: read, sent again or discarded by A
  "executions.list": { expect: "refused", input: (b) => ({ id: b.flows.running, messageId: b.execution.messageId }) },
  "executions.get": { expect: "refused", input: (b) => ({ executionId: b.execution.id }) },
  "executions.failed": { expect: "refused", input: (b) => ({ id: b.flows.running }) },
  "executions.retry": { expect: "refused", input: (b) => ({ id: b.flows.running, messages: [b.execution.failedId] }) },
  "executions.replay": { expect: "refused", input: (b) => ({ id: b.flows.running, from: "2026-12-06T00:00:00Z", to: "2026-12-07T00:00:00Z" }) },
  "executions.discard": { expect: "refused", input: (b) => ({ id: b.flows.running, all: true }) },
  // the installed components and a mapping evaluated on the caller's own sample: no workspace data
  "components.list": { expect: "own", input: (b) => ({ workspaceId: b.workspaceId }) },
  "components.previewMapping": { expect: "own", input: () => ({ expression: "$", body: { from: "A" } }) },
  "components.fieldOptions": { expect: "own", input: () => ({ component: "test-crm", function: "addContact", field: "list", config: { region: "eu" } }) },
  // custom components: A installs in its own workspace; B's cannot be removed by A (A has none of that name)
  "components.installed": { expect: "own", input: (b) => ({ workspaceId: b.workspaceId }) },
  "components.install": { expect: "own", input: (b) => ({ ...customComponentInstall("a-tools"), workspaceId: b.workspaceId }) },
  "components.uninstall": { expect: "refused", input: () => ({ name: "b-tools" }) },
  // samples of B's flows: listening for its test requests, taking them, running its steps
  "samples.listenForWebhook": { expect: "refused", input: (b) => ({ id: b.flows.stopped, stepId: "hook", component: "webhook", function: "receive", config: {} }) },
  "samples.waitForWebhook": { expect: "refused", input: (b) => ({ id: b.flows.running, timeoutMs: 1_000 }) },
  "samples.stopListening": { expect: "refused", input: (b) => ({ id: b.flows.running }) },
  "samples.runStep": {
    expect: "refused",
    input: (b) => ({
      id: b.flows.stopped,
      document: webhookFlow("A's draft"),
      stepId: "shape",
      samples: { hook: { body: { order: { id: "o-1" } }, headers: {}, source: "typed", takenAt: new Date().toISOString() } },
    }),
  },
  // B's credential: listed, renamed, its secret replaced or deleted by A
  "credentials.list": { expect: "own", input: (b) => ({ workspaceId: b.workspaceId, component: "test-crm" }) },
  "credentials.create": {
    expect: "own",
    input: (b) => ({ workspaceId: b.workspaceId, name: `A's CRM ${randomUUID()}`, component: "test-crm", values: { region: "a-region" }, secrets: { apiKey: "a-secret" } }),
  },
  "credentials.update": { expect: "refused", input: (b) => ({ id: b.credentialId, name: "renamed by A", values: { region: "a-region" }, secrets: { apiKey: "A's key" } }) },
  "credentials.delete": { expect: "refused", input: (b) => ({ id: b.credentialId }) },
  "credentials.rotateSecret": { expect: "refused", input: (b) => ({ id: b.webhookCredentialId }) },
  // verifying B's credential would open B's secrets in a worker and store the outcome in B
  "credentials.verify": { expect: "refused", input: (b) => ({ id: b.credentialId }) },
  "credentials.connect": { expect: "refused", input: (b) => ({ id: b.credentialId }) },
  // the wizard's check of fields typed by the caller: nothing of B is read, nothing is stored
  "credentials.test": {
    expect: "own",
    input: (b) => ({ workspaceId: b.workspaceId, id: b.credentialId, component: "test-crm", values: { region: "a-region" }, secrets: { apiKey: "crm_a-key" } }),
  },
  "workspaces.list": { expect: "own", input: () => undefined },
  "workspaces.get": { expect: "own", input: (b) => ({ workspaceId: b.workspaceId }) },
  "workspaces.create": { expect: "own", input: () => ({ name: "A's second workspace" }) },
  "workspaces.update": {
    expect: "own",
    input: (b) => ({ workspaceId: b.workspaceId, id: b.workspaceId, name: "renamed by A", limited: true, limits: { messages: 7, bytes: null } }),
  },
  "members.list": { expect: "own", input: (b) => ({ workspaceId: b.workspaceId }) },
  "members.setRole": { expect: "refused", input: (b) => ({ userId: b.editor.userId, role: "viewer" }) },
  "members.remove": { expect: "refused", input: (b) => ({ userId: b.editor.userId }) },
  "invitations.list": { expect: "own", input: (b) => ({ workspaceId: b.workspaceId }) },
  "invitations.create": { expect: "own", input: (b) => ({ role: "owner", workspaceId: b.workspaceId }) },
  "invitations.revoke": { expect: "refused", input: (b) => ({ id: b.invitation.id }) },
  // the link's secret is what opens an invitation; knowing its id gives nothing
  "invitations.preview": { expect: "refused", input: (b) => ({ secret: b.invitation.id }) },
  "invitations.accept": { expect: "refused", input: (b) => ({ secret: b.invitation.id }) },
  "invitations.signUp": {
    expect: "refused",
    input: (b) => ({ secret: b.invitation.id, name: "Intruder", email: `intruder-${b.workspaceId}@example.test`, password: TEST_PASSWORD }),
  },
  "tokens.list": { expect: "own", input: (b) => ({ workspaceId: b.workspaceId }) },
  "tokens.create": { expect: "own", input: (b) => ({ name: "A's token", workspaceId: b.workspaceId }) },
  "tokens.revoke": { expect: "refused", input: (b) => ({ id: b.ownerToken.tokenId }) },
  "audit.list": { expect: "own", input: (b) => ({ before: b.auditIds[0], limit: 200 }) },
  "me.get": { expect: "own", input: (b) => ({ workspaceId: b.workspaceId }) },
  // the person's rights in the installation: nothing of any workspace
  "me.rights": { expect: "own", input: () => undefined },
};

/** Procedures for signed-in people only: a token is refused with UNAUTHORIZED before anything else. */
const PERSON_ONLY = ["invitations.accept", "workspaces.create", "me.rights"];

async function expectBUntouched(b: B, before: WorkspaceState) {
  expect(await workspaceStateOf(services, b.workspaceId)).toEqual(before);
  for (const flowId of Object.values(b.flows)) {
    expect(await takeControlCommands(services, flowId), flowId).toEqual([]);
    for (const step of ["hook", "shape", "send"]) expect(await queuedAt(services, flowId, step), `${flowId} ${step} queued nothing`).toEqual([]);
    expect(await readWebhookListener({ redis: services.redis, flowId }), `listening for ${flowId}`).toBeNull();
  }
  // B's tokens still work, with their roles
  expect((await b.ownerToken.caller.flows.list()).flows).toHaveLength(3);
  expect((await b.editorToken.caller.me.get()).workspace).toEqual({ id: b.workspaceId, name: b.workspaceName, role: "editor" });
  expect((await b.caller.members.list()).members.map((m) => [m.userId, m.role])).toEqual([
    [b.owner.userId, "owner"],
    [b.editor.userId, "editor"],
  ]);
  // B's credential still holds B's secret, sealed with the platform's key
  const credential = await getDecryptedCredential(services.db, { workspaceId: b.workspaceId, credentialId: b.credentialId, key: TEST_ENCRYPTION_KEY });
  expect(credential).toMatchObject({ name: "B's CRM", values: { region: "b-region" }, secrets: { apiKey: B_SECRET } });
  expect((await b.editorToken.caller.credentials.list()).credentials.map((c) => c.id).sort()).toEqual([b.credentialId, b.webhookCredentialId].sort());
  // B's webhook secret was not rotated by A
  const hook = await getDecryptedCredential(services.db, { workspaceId: b.workspaceId, credentialId: b.webhookCredentialId, key: TEST_ENCRYPTION_KEY });
  expect(hook?.secrets).toEqual({ secret: "b-signing-secret-0123456789" });
  // nobody got an account through B's invitation, which still works
  expect(await services.db.prisma.user.findUnique({ where: { email: `intruder-${b.workspaceId}@example.test` } })).toBeNull();
  expect(await findInvitation(services.db, { secret: b.invitation.secret })).toMatchObject({ id: b.invitation.id, workspaceId: b.workspaceId });
  const newcomer = await newPerson(services, { workspaceId: (await newTenant(services)).workspaceId, role: "viewer" });
  expect(await newcomer.caller.invitations.accept({ secret: b.invitation.secret })).toMatchObject({ workspaceId: b.workspaceId, role: "editor" });
}

/** Walks every procedure of the router as `caller` (a member of A), aimed at B. */
async function walkAsMemberOfA(name: string, caller: ApiCaller, b: B, p: { token: boolean }) {
  const fingerprints = fingerprintsOf(b);
  for (const path of procedurePaths) {
    const step = walk[path];
    if (!step) throw new Error(`add ${path} to the isolation walk`);
    const outcome = await outcomeOf(callProcedure(caller, path, step.input(b)));
    const where = `${name}: ${path} → ${JSON.stringify(outcome).slice(0, 300)}`;
    if (!outcome.ok) {
      const allowed = ["NOT_FOUND", "FORBIDDEN", ...(p.token && PERSON_ONLY.includes(path) ? ["UNAUTHORIZED"] : [])];
      expect(allowed, where).toContain(outcome.code);
      continue;
    }
    expect(step.expect, `${where}: must be refused`).toBe("own");
    const answer = JSON.stringify(outcome.result) ?? "";
    for (const fingerprint of fingerprints) expect(answer.includes(fingerprint), `${where}: names B's ${fingerprint}`).toBe(false);
  }
}

describe("workspace isolation", () => {
  it("the walk covers every procedure of the router, and only those", () => {
    for (const path of procedurePaths) expect(walk[path], `add ${path} to the isolation walk`).toBeDefined();
    for (const path of Object.keys(walk)) expect(procedurePaths, `${path} is no procedure any more: remove it from the walk`).toContain(path);
  });

  it("an owner of workspace A — signed in, with their token, with A's admin token — reaches nothing of B", async () => {
    const b = await workspaceB();
    const before = await workspaceStateOf(services, b.workspaceId);

    const a = await newTenant(services);
    const owner = await newPerson(services, { workspaceId: a.workspaceId, role: "owner", installationAdmin: true });
    const ownerToken = await newPersonToken(services, { workspaceId: a.workspaceId, userId: owner.userId });
    // the workspace cookie names B, but a cookie never makes anyone a member: the person acts in A
    const withCookieOfB = await callerFor(services, { cookie: `${owner.cookie}; ${WORKSPACE_COOKIE}=${b.workspaceId}` });
    expect((await withCookieOfB.me.get()).workspace.id).toBe(a.workspaceId);

    await walkAsMemberOfA("A's owner, signed in", owner.caller, b, { token: false });
    await walkAsMemberOfA("A's owner, cookie naming B", withCookieOfB, b, { token: false });
    await walkAsMemberOfA("A's owner's token", ownerToken.caller, b, { token: true });
    await walkAsMemberOfA("A's admin token", a.caller, b, { token: true });
    // a token of A asking for B by header still acts in A (a token belongs to one workspace)
    await walkAsMemberOfA("A's token, header naming B", await callerFor(services, { authorization: `Bearer ${ownerToken.token}`, [WORKSPACE_HEADER]: b.workspaceId }), b, {
      token: true,
    });

    await expectBUntouched(b, before);
  });

  it("asking for workspace B by header is FORBIDDEN for every procedure of a workspace", async () => {
    const b = await workspaceB();
    const before = await workspaceStateOf(services, b.workspaceId);
    const a = await newTenant(services);
    const owner = await newPerson(services, { workspaceId: a.workspaceId, role: "owner", installationAdmin: true });
    const inB = await callerFor(services, { cookie: owner.cookie, [WORKSPACE_HEADER]: b.workspaceId });

    await walkAsMemberOfA("A's owner, header naming B", inB, b, { token: false });
    const probes = [inB.flows.list(), inB.me.get(), inB.members.list(), inB.tokens.list(), inB.workspaces.get(), inB.audit.list()];
    for (const probe of probes) await expect(probe).rejects.toMatchObject({ code: "FORBIDDEN", message: "you are not a member of this workspace" });

    await expectBUntouched(b, before);
  });

  it("B's executions and failed messages read exactly like missing ones, also through a flow of A's own", async () => {
    const b = await workspaceB();
    const before = await workspaceStateOf(services, b.workspaceId);
    const a = await newTenant(services);
    const { id: ownFlow } = await a.caller.flows.import({ document: webhookFlow("A's flow") });
    await moveFlow(services, ownFlow, [
      ["stopped", "start", "starting"],
      ["starting", "step-runners-up", "running"],
    ]);
    const range = { from: "2026-12-06T00:00:00Z", to: "2026-12-07T00:00:00Z" };
    const cases: Array<[path: string, input: (id: string) => unknown, bId: string]> = [
      ["executions.get", (id) => ({ executionId: id }), b.execution.id],
      ["executions.retry", (id) => ({ id: ownFlow, messages: [id] }), b.execution.failedId],
      ["executions.retry", (id) => ({ id: ownFlow, messages: [id] }), b.execution.messageId],
      ["executions.discard", (id) => ({ id: ownFlow, messages: [id] }), b.execution.failedId],
      ["executions.list", (id) => ({ id }), b.flows.running],
      ["executions.failed", (id) => ({ id }), b.flows.running],
      ["executions.retry", (id) => ({ id, all: true }), b.flows.running],
      ["executions.replay", (id) => ({ id, ...range }), b.flows.running],
      ["executions.discard", (id) => ({ id, all: true }), b.flows.running],
    ];
    for (const [path, input, bId] of cases) {
      const missing = `missing-${randomUUID()}`;
      const ofB = await outcomeOf(callProcedure(a.caller, path, input(bId)));
      const ofNothing = await outcomeOf(callProcedure(a.caller, path, input(missing)));
      expect(ofNothing, path).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(ofB.ok ? ofB : { ...ofB, message: ofB.message.replaceAll(bId, missing) }, `${path} with B's ${bId}`).toEqual(ofNothing);
    }
    // A's own flow never lists B's executions, whatever id it is asked for
    for (const messageId of [b.execution.id, b.execution.messageId]) expect(await a.caller.executions.list({ id: ownFlow, messageId })).toEqual({ items: [], total: 0, more: false });
    expect(await a.caller.executions.replay({ id: ownFlow, ...range })).toEqual({ sent: 0, executions: [], skipped: [] });
    expect(await a.caller.executions.retry({ id: ownFlow, all: true })).toEqual({ sent: 0, executions: [], skipped: [] });
    expect(await a.caller.executions.discard({ id: ownFlow, all: true })).toEqual({ discarded: 0 });
    await expectBUntouched(b, before);
  });

  it("a token of B stops at B's edge too: A's things are as unreachable from B", async () => {
    const a = await newTenant(services);
    const { id } = await a.caller.flows.import({ document: webhookFlow("A's flow") });
    const member = await newPerson(services, { workspaceId: a.workspaceId, role: "editor" });
    const b = await newTenant(services);
    const bToken = await createApiToken(services.db, { workspaceId: b.workspaceId, name: "b" });
    const fromB = await callerFor(services, { authorization: `Bearer ${bToken.token}` });
    await expect(fromB.flows.start({ id })).rejects.toMatchObject({ code: "NOT_FOUND", message: `flow ${id} not found` });
    await expect(fromB.members.remove({ userId: member.userId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(fromB.tokens.revoke({ id: a.tokenId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await fromB.flows.list()).flows).toEqual([]);
    expect(await takeControlCommands(services, id)).toEqual([]);
    expect((await a.caller.members.list()).members.map((m) => m.userId)).toEqual([member.userId]);
  });
});
