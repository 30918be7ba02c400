import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  APP_ORIGIN,
  callerFor,
  moveFlow,
  cookieHeaderOf,
  newPerson,
  newTenant,
  signInOverHttp,
  TEST_PASSWORD,
  takeControlCommands,
  uniqueIp,
  useTestServices,
  webhookFlow,
} from "../../testing/api-fixture";

// people here may create workspaces (installation-rights.test.ts covers an installation where they may not)
const services = useTestServices({ openWorkspaces: true });

async function workspaceWithPeople() {
  const tenant = await newTenant(services);
  const owner = await newPerson(services, { workspaceId: tenant.workspaceId, role: "owner" });
  const editor = await newPerson(services, { workspaceId: tenant.workspaceId, role: "editor" });
  return { ...tenant, owner, editor };
}

/** The workspace's audit trail as its owner reads it, oldest first, in short. */
async function trailOf(w: { owner: { cookie: string } }, p: { signIns?: boolean } = {}) {
  const owner = await callerFor(services, { cookie: w.owner.cookie });
  return (await owner.audit.list({ limit: 200 })).entries
    .map(({ actor, action, target, detail }) => ({ actor, action, target, detail }))
    .filter((e) => p.signIns || e.action !== "sign-in")
    .reverse();
}

/** Entries of the trail written from now on. */
async function trailSince(w: { owner: { cookie: string } }, p: { signIns?: boolean } = {}) {
  const before = (await trailOf(w, p)).length;
  return async () => (await trailOf(w, p)).slice(before);
}

describe("audit trail", () => {
  it("records sign-ins, good and failed, through the real sign-in endpoint, in each of the person's workspaces", async () => {
    const w = await workspaceWithPeople();
    const second = await newTenant(services);
    await services.db.prisma.workspaceMember.create({ data: { workspaceId: second.workspaceId, userId: w.editor.userId, role: "viewer" } });
    const ip = uniqueIp();

    const good = await signInOverHttp(services.auth, { email: w.editor.email, password: TEST_PASSWORD, ip });
    expect(good.status).toBe(200);
    expect(cookieHeaderOf(good.headers)).toContain("session_token");
    const failed = await signInOverHttp(services.auth, { email: w.editor.email, password: "not the password", ip });
    expect(failed.status).toBe(401);
    // an unknown email concerns no workspace: nothing is recorded, and nothing fails
    expect((await signInOverHttp(services.auth, { email: `nobody-${randomUUID()}@example.test`, password: "whatever!!", ip })).status).toBe(401);

    const trail = (await trailOf(w, { signIns: true })).filter((e) => (e.detail as { ip?: string } | null)?.ip === ip);
    expect(trail).toEqual([
      { actor: w.editor.email, action: "sign-in", target: w.editor.email, detail: { ip } },
      { actor: w.editor.email, action: "sign-in.failed", target: w.editor.email, detail: { ip } },
    ]);
    const inSecond = await services.db.prisma.auditEntry.findMany({ where: { workspaceId: second.workspaceId }, orderBy: { at: "asc" } });
    expect(inSecond.map((e) => [e.action, e.detail])).toEqual([
      ["sign-in", { ip }],
      ["sign-in.failed", { ip }],
    ]);
    // a sign-in from this process (no request, so no address) is recorded too
    await services.auth.api.signInEmail({ body: { email: w.editor.email, password: TEST_PASSWORD } });
    expect((await trailOf(w, { signIns: true })).at(-1)).toEqual({ actor: w.editor.email, action: "sign-in", target: w.editor.email, detail: { ip: null } });
  });

  it("records a password change, but not a refused one", async () => {
    const w = await workspaceWithPeople();
    const changePassword = (currentPassword: string) =>
      services.auth.handler(
        new Request(`${APP_ORIGIN}/api/auth/change-password`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: APP_ORIGIN, cookie: w.editor.cookie, "x-forwarded-for": uniqueIp() },
          body: JSON.stringify({ currentPassword, newPassword: "a brand new passphrase" }),
        }),
      );
    expect((await changePassword("not the password")).status).toBe(400);
    expect((await changePassword(TEST_PASSWORD)).status).toBe(200);
    expect((await trailOf(w)).filter((e) => e.action === "password.change")).toEqual([
      { actor: w.editor.email, action: "password.change", target: w.editor.email, detail: null },
    ]);
  });

  it("records what people do: tokens, invitations, members, the workspace's settings, flow commands", async () => {
    const w = await workspaceWithPeople();
    const owner = w.owner.email;
    const newEntries = await trailSince(w);
    const token = await w.editor.caller.tokens.create({ name: "laptop", expiresInDays: null });
    await w.editor.caller.tokens.revoke({ id: token.id });
    const invitation = await w.owner.caller.invitations.create({ role: "viewer" });
    const joinerEmail = `joiner-${randomUUID()}@example.test`;
    await (await callerFor(services)).invitations.signUp({
      secret: invitation.url.split("/invite/")[1] ?? "",
      name: "Joiner",
      email: joinerEmail,
      password: TEST_PASSWORD,
    });
    const joiner = await services.db.prisma.user.findUniqueOrThrow({ where: { email: joinerEmail } });
    const revokedInvitation = await w.owner.caller.invitations.create({ role: "editor", expiresInDays: 2 });
    await w.owner.caller.invitations.revoke({ id: revokedInvitation.id });
    await w.owner.caller.members.setRole({ userId: joiner.id, role: "editor" });
    await w.owner.caller.members.remove({ userId: joiner.id });
    await w.owner.caller.workspaces.update({ name: "Renamed", limits: { messages: 500 } });
    const flow = await w.editor.caller.flows.import({ document: webhookFlow("Orders") });
    await w.editor.caller.flows.start({ id: flow.id });
    await moveFlow(services, flow.id, [
      ["stopped", "start", "starting"],
      ["starting", "step-runners-up", "running"],
    ]);
    await w.editor.caller.flows.suspend({ id: flow.id });
    await moveFlow(services, flow.id, [
      ["running", "suspend", "suspending"],
      ["suspending", "runners-stopped", "suspended"],
    ]);
    await w.editor.caller.flows.resume({ id: flow.id });
    await w.caller.flows.stop({ id: flow.id });
    await takeControlCommands(services, flow.id);

    expect(await newEntries()).toEqual([
      { actor: w.editor.email, action: "token.create", target: "laptop", detail: { tokenId: token.id, expiresAt: null } },
      { actor: w.editor.email, action: "token.revoke", target: "laptop", detail: { tokenId: token.id } },
      { actor: owner, action: "invitation.create", target: "viewer", detail: { invitationId: invitation.id, expiresAt: invitation.expiresAt.toISOString() } },
      { actor: joinerEmail, action: "member.join", target: joinerEmail, detail: { role: "viewer", invitedBy: owner } },
      { actor: owner, action: "invitation.create", target: "editor", detail: { invitationId: revokedInvitation.id, expiresAt: revokedInvitation.expiresAt.toISOString() } },
      { actor: owner, action: "invitation.revoke", target: revokedInvitation.id, detail: null },
      { actor: owner, action: "member.role", target: joinerEmail, detail: { from: "viewer", to: "editor" } },
      { actor: owner, action: "member.remove", target: joinerEmail, detail: null },
      { actor: owner, action: "workspace.update", target: "Renamed", detail: { name: "Renamed", limits: { messages: 500 } } },
      { actor: w.editor.email, action: "flow.import", target: "Orders", detail: { flowId: flow.id, version: 1 } },
      { actor: w.editor.email, action: "flow.start", target: "Orders", detail: { flowId: flow.id } },
      { actor: w.editor.email, action: "flow.suspend", target: "Orders", detail: { flowId: flow.id } },
      { actor: w.editor.email, action: "flow.resume", target: "Orders", detail: { flowId: flow.id } },
      { actor: "token 'ci'", action: "flow.stop", target: "Orders", detail: { flowId: flow.id } },
    ]);
  });

  it("records a new workspace in that workspace, with its creator as owner", async () => {
    const w = await workspaceWithPeople();
    const created = await w.editor.caller.workspaces.create({ name: "Side project" });
    const inCreated = await callerFor(services, { cookie: w.editor.cookie, "x-interflow-workspace": created.id });
    expect((await inCreated.audit.list()).entries).toMatchObject([{ actor: w.editor.email, action: "workspace.create", target: "Side project" }]);
    expect((await trailOf(w)).filter((e) => e.action === "workspace.create")).toEqual([]);
  });

  it("owners page through it newest first; `before` is the last entry of the previous page", async () => {
    const w = await workspaceWithPeople();
    const names = Array.from({ length: 7 }, (_, i) => `flow ${i}`);
    for (const name of names) await w.owner.caller.flows.import({ document: webhookFlow(name) });

    const seen: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 20; page++) {
      const { entries } = await w.owner.caller.audit.list({ limit: 3, before });
      if (entries.length === 0) break;
      expect(entries.length).toBeLessThanOrEqual(3);
      seen.push(...entries.map((e) => e.target));
      before = entries.at(-1)?.id;
    }
    const all = (await w.owner.caller.audit.list({ limit: 200 })).entries;
    expect(seen).toEqual(all.map((e) => e.target));
    expect(seen.slice(0, 7)).toEqual([...names].reverse());
    expect(all.map((e) => e.at.getTime())).toEqual(all.map((e) => e.at.getTime()).sort((x, y) => y - x));
    await expect(w.owner.caller.audit.list({ limit: 201 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("limit: at most 200") });
  });

  it("is for owners only: editors, viewers and their tokens get FORBIDDEN", async () => {
    const w = await workspaceWithPeople();
    const viewer = await newPerson(services, { workspaceId: w.workspaceId, role: "viewer" });
    const viewerToken = await viewer.caller.tokens.create({ name: "viewer's" });
    const editorToken = await w.editor.caller.tokens.create({ name: "editor's" });
    for (const caller of [
      w.editor.caller,
      viewer.caller,
      await callerFor(services, { authorization: `Bearer ${viewerToken.token}` }),
      await callerFor(services, { authorization: `Bearer ${editorToken.token}` }),
    ]) {
      await expect(caller.audit.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect((await callerFor(services)).audit.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("never shows another workspace's entries, whatever the cursor", async () => {
    const a = await workspaceWithPeople();
    const b = await workspaceWithPeople();
    await a.owner.caller.flows.import({ document: webhookFlow("A's flow") });
    await b.owner.caller.flows.import({ document: webhookFlow("B's flow") });
    await b.owner.caller.tokens.create({ name: "B's token" });
    const bEntries = (await b.owner.caller.audit.list()).entries;
    expect(bEntries.length).toBeGreaterThan(1);

    const bIds = new Set(bEntries.map((e) => e.id));
    for (const before of [undefined, ...bIds]) {
      const { entries } = await a.owner.caller.audit.list({ before });
      expect(entries.filter((e) => bIds.has(e.id))).toEqual([]);
      expect(entries.map((e) => e.target)).not.toContain("B's flow");
    }
    expect((await a.owner.caller.audit.list()).entries.filter((e) => e.action !== "sign-in").map((e) => e.target)).toEqual(["A's flow"]);
  });
});
