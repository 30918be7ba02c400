import { randomUUID } from "node:crypto";
import { INVITATION_UNUSABLE } from "@interflow/db";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { SIGN_UP_CLOSED } from "../../auth/create-auth";
import { createContext } from "../../context";
import { APP_ORIGIN, callerFor, cookieHeaderOf, newPerson, newPersonToken, newTenant, TEST_PASSWORD, uniqueIp, useTestServices } from "../../testing/api-fixture";
import { appRouter } from "../app";

const services = useTestServices();
const DAY_MS = 86_400_000;
const UNUSABLE = { code: "NOT_FOUND", message: INVITATION_UNUSABLE };

const anonymous = () => callerFor(services);
const newEmail = () => `invited-${randomUUID()}@example.test`;
const secretOf = (url: string) => url.slice(`${services.appUrl}/invite/`.length);

async function workspaceWithOwner() {
  const tenant = await newTenant(services);
  const owner = await newPerson(services, { workspaceId: tenant.workspaceId, role: "owner" });
  const workspace = await owner.caller.workspaces.update({ name: `Acme ${randomUUID().slice(0, 8)}` });
  return { ...tenant, owner, workspaceName: workspace.name };
}

async function accountOf(email: string) {
  return services.db.prisma.user.findUnique({ where: { email }, include: { memberships: true, accounts: true, sessions: true } });
}

/** A mutation over tRPC's HTTP protocol without credentials, as the invitation page posts it. */
async function postOverHttp(path: string, input: unknown): Promise<{ status: number; body: any }> {
  const req = new Request(`${APP_ORIGIN}/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) });
  const res = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => createContext({ services, headers: req.headers }) });
  return { status: res.status, body: await res.json() };
}

describe("invitations", () => {
  it("an owner creates a link under the app's URL, shown once; the list shows it without its secret", async () => {
    const w = await workspaceWithOwner();
    const created = await w.owner.caller.invitations.create({ role: "editor" });
    expect(created).toEqual({
      id: expect.any(String),
      workspaceName: w.workspaceName,
      role: "editor",
      invitedBy: { email: w.owner.email, name: "Test Person" },
      createdAt: expect.any(Date),
      expiresAt: expect.any(Date),
      url: expect.stringMatching(/^http:\/\/localhost:3000\/invite\/ifi_[A-Za-z0-9_-]{43}$/),
    });
    expect(created.url.startsWith(`${services.appUrl}/invite/`)).toBe(true);
    expect(Math.abs(created.expiresAt.getTime() - (Date.now() + 7 * DAY_MS))).toBeLessThan(60_000);
    const secret = secretOf(created.url);

    const { invitations } = await w.owner.caller.invitations.list();
    expect(invitations.map((i) => i.id)).toEqual([created.id]);
    expect(JSON.stringify(invitations)).not.toContain(secret);
    expect(JSON.stringify(await services.db.prisma.invitation.findMany({ where: { workspaceId: w.workspaceId } }))).not.toContain(secret.slice(4));

    const shortLived = await w.owner.caller.invitations.create({ role: "viewer", expiresInDays: 1 });
    expect(Math.abs(shortLived.expiresAt.getTime() - (Date.now() + DAY_MS))).toBeLessThan(60_000);
    await expect(w.owner.caller.invitations.create({ role: "viewer", expiresInDays: 31 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("expiresInDays: at most 30"),
    });
    // an invitation comes from a person: the installation's admin token has none
    await expect(w.caller.invitations.create({ role: "viewer" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("anyone holding the link sees what it invites to, without signing in", async () => {
    const w = await workspaceWithOwner();
    const { url, id } = await w.owner.caller.invitations.create({ role: "viewer" });
    expect(await (await anonymous()).invitations.preview({ secret: secretOf(url) })).toEqual({
      id,
      workspaceName: w.workspaceName,
      role: "viewer",
      invitedBy: { email: w.owner.email, name: "Test Person" },
      createdAt: expect.any(Date),
      expiresAt: expect.any(Date),
    });
    await expect((await anonymous()).invitations.preview({ secret: "ifi_made-up" })).rejects.toMatchObject(UNUSABLE);
    await expect((await anonymous()).invitations.preview({ secret: id })).rejects.toMatchObject(UNUSABLE);
  });

  it("signUp creates the account and the membership with the invitation's role; the person then signs in", async () => {
    const w = await workspaceWithOwner();
    const { url } = await w.owner.caller.invitations.create({ role: "editor" });
    const email = newEmail();

    expect(await (await anonymous()).invitations.signUp({ secret: secretOf(url), name: "  Grace  ", email, password: TEST_PASSWORD })).toEqual({
      workspaceId: w.workspaceId,
      workspaceName: w.workspaceName,
      role: "editor",
    });
    const account = await accountOf(email);
    expect(account).toMatchObject({ name: "Grace", memberships: [{ workspaceId: w.workspaceId, role: "editor" }] });
    // one account only, with a password: not the owner of the Default workspace
    expect(account?.memberships).toHaveLength(1);

    const signedIn = await services.auth.api.signInEmail({ body: { email, password: TEST_PASSWORD }, returnHeaders: true });
    const person = await callerFor(services, { cookie: cookieHeaderOf(signedIn.headers) });
    expect((await person.me.get()).workspace).toEqual({ id: w.workspaceId, name: w.workspaceName, role: "editor" });
    expect((await w.owner.caller.members.list()).members.map((m) => [m.email, m.role])).toContainEqual([email, "editor"]);
    const joined = (await w.owner.caller.audit.list()).entries.find((e) => e.action === "member.join");
    expect(joined).toMatchObject({ actor: email, target: email, detail: { role: "editor", invitedBy: w.owner.email } });

    // the link is used up
    await expect((await anonymous()).invitations.preview({ secret: secretOf(url) })).rejects.toMatchObject(UNUSABLE);
    expect((await w.owner.caller.invitations.list()).invitations).toEqual([]);
  });

  it("the public sign-up stays closed, before and after an invited one, in the API and over HTTP", async () => {
    const w = await workspaceWithOwner();
    const { url } = await w.owner.caller.invitations.create({ role: "viewer" });
    await (await anonymous()).invitations.signUp({ secret: secretOf(url), name: "Invited", email: newEmail(), password: TEST_PASSWORD });

    const email = newEmail();
    await expect(services.auth.api.signUpEmail({ body: { email, password: TEST_PASSWORD, name: "Uninvited" } })).rejects.toMatchObject({
      statusCode: 403,
      message: SIGN_UP_CLOSED,
    });
    const res = await services.auth.handler(
      new Request(`${APP_ORIGIN}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: APP_ORIGIN, "x-forwarded-for": uniqueIp() },
        body: JSON.stringify({ email, password: TEST_PASSWORD, name: "Uninvited" }),
      }),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ message: SIGN_UP_CLOSED });
    expect(await accountOf(email)).toBeNull();
  });

  it("signUp with an email that has an account: BAD_REQUEST on the email; the link stays usable", async () => {
    const w = await workspaceWithOwner();
    const { url } = await w.owner.caller.invitations.create({ role: "editor" });
    const existing = await newPerson(services, { workspaceId: (await newTenant(services)).workspaceId, role: "owner" });

    for (const email of [existing.email, existing.email.toUpperCase()]) {
      const refused = (await anonymous()).invitations.signUp({ secret: secretOf(url), name: "Again", email, password: "another passphrase" });
      await expect(refused).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^email: this address already has an account/) });
    }
    expect((await accountOf(existing.email))?.memberships.map((m) => m.workspaceId)).not.toContain(w.workspaceId);
    // the existing account's password is untouched
    await services.auth.api.signInEmail({ body: { email: existing.email, password: TEST_PASSWORD } });
    expect((await (await anonymous()).invitations.preview({ secret: secretOf(url) })).role).toBe("editor");
  });

  it("bad fields are BAD_REQUEST naming the field, and leave no account", async () => {
    const w = await workspaceWithOwner();
    const { url } = await w.owner.caller.invitations.create({ role: "editor" });
    const secret = secretOf(url);
    const email = newEmail();

    await expect((await anonymous()).invitations.signUp({ secret, name: "Short", email, password: "short" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "invalid input: password: at least 10 characters",
    });
    await expect((await anonymous()).invitations.signUp({ secret, name: "Bad", email: "not-an-email", password: TEST_PASSWORD })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "invalid input: email: this is not an email address",
    });
    await expect((await anonymous()).invitations.signUp({ secret, name: " ", email, password: TEST_PASSWORD })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "invalid input: name: say what we should call you",
    });
    // the web form reads each field's message from data.zodError: it starts with the field's name
    const { status, body } = await postOverHttp("invitations.signUp", { secret, name: "Short", email, password: "short" });
    expect(status).toBe(400);
    expect(body.error.data.zodError.fieldErrors.password[0]).toMatch(/^password: /);
    expect(await accountOf(email)).toBeNull();
    expect((await (await anonymous()).invitations.preview({ secret })).role).toBe("editor");
  });

  it("a used, revoked or expired link is refused everywhere, and a failed signUp leaves no account behind", async () => {
    const w = await workspaceWithOwner();
    const used = await w.owner.caller.invitations.create({ role: "editor" });
    await (await anonymous()).invitations.signUp({ secret: secretOf(used.url), name: "First", email: newEmail(), password: TEST_PASSWORD });
    const revoked = await w.owner.caller.invitations.create({ role: "editor" });
    expect(await w.owner.caller.invitations.revoke({ id: revoked.id })).toEqual({ id: revoked.id });
    await expect(w.owner.caller.invitations.revoke({ id: revoked.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const expired = await w.owner.caller.invitations.create({ role: "owner" });
    await services.db.prisma.invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const outsider = await newPerson(services, { workspaceId: (await newTenant(services)).workspaceId, role: "owner" });
    for (const { url } of [used, revoked, expired]) {
      const secret = secretOf(url);
      const email = newEmail();
      await expect((await anonymous()).invitations.preview({ secret })).rejects.toMatchObject(UNUSABLE);
      await expect((await anonymous()).invitations.signUp({ secret, name: "Late", email, password: TEST_PASSWORD })).rejects.toMatchObject(UNUSABLE);
      expect(await accountOf(email)).toBeNull();
      await expect(outsider.caller.invitations.accept({ secret })).rejects.toMatchObject(UNUSABLE);
    }
    expect((await outsider.caller.workspaces.list()).workspaces.map((x) => x.id)).not.toContain(w.workspaceId);
    expect((await w.owner.caller.members.list()).members.map((m) => m.role)).toEqual(["owner", "editor"]);
  });

  it("two people signing up with one link at once: one joins, the other leaves no account behind", async () => {
    const w = await workspaceWithOwner();
    const { url } = await w.owner.caller.invitations.create({ role: "viewer" });
    const emails = [newEmail(), newEmail(), newEmail()];
    const results = await Promise.allSettled(
      emails.map(async (email) => (await anonymous()).invitations.signUp({ secret: secretOf(url), name: "Racer", email, password: TEST_PASSWORD })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject(UNUSABLE);
    const accounts = (await Promise.all(emails.map(accountOf))).filter((a) => a !== null);
    expect(accounts).toHaveLength(1);
    expect(accounts[0]?.memberships).toMatchObject([{ workspaceId: w.workspaceId, role: "viewer" }]);
  });

  it("a signed-in person of another workspace accepts: the workspace joins their list", async () => {
    const w = await workspaceWithOwner();
    const { url } = await w.owner.caller.invitations.create({ role: "viewer" });
    const elsewhere = await newTenant(services);
    const person = await newPerson(services, { workspaceId: elsewhere.workspaceId, role: "owner" });

    expect(await person.caller.invitations.accept({ secret: secretOf(url) })).toEqual({ workspaceId: w.workspaceId, workspaceName: w.workspaceName, role: "viewer" });
    expect((await person.caller.workspaces.list()).workspaces.map((x) => [x.id, x.role])).toEqual([
      [elsewhere.workspaceId, "owner"],
      [w.workspaceId, "viewer"],
    ]);
    const inW = await callerFor(services, { cookie: person.cookie, "x-interflow-workspace": w.workspaceId });
    expect((await inW.me.get()).workspace.role).toBe("viewer");
    await expect(inW.flows.import({ document: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(person.caller.invitations.accept({ secret: secretOf(url) })).rejects.toMatchObject(UNUSABLE);
  });

  it("a person signed in to no workspace yet accepts too; a member keeps their role", async () => {
    const w = await workspaceWithOwner();
    const lonely = await newPerson(services, { workspaceId: (await newTenant(services)).workspaceId, role: "viewer" });
    await services.db.prisma.workspaceMember.deleteMany({ where: { userId: lonely.userId } });
    const outside = await callerFor(services, { cookie: lonely.cookie });
    await expect(outside.me.get()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const first = await w.owner.caller.invitations.create({ role: "editor" });
    expect((await outside.invitations.accept({ secret: secretOf(first.url) })).role).toBe("editor");
    expect((await (await callerFor(services, { cookie: lonely.cookie })).me.get()).workspace).toMatchObject({ id: w.workspaceId, role: "editor" });

    // a second link for someone already in: they stay what they are
    const second = await w.owner.caller.invitations.create({ role: "owner" });
    expect(await outside.invitations.accept({ secret: secretOf(second.url) })).toMatchObject({ workspaceId: w.workspaceId, role: "editor" });
    expect((await w.owner.caller.members.list()).members.find((m) => m.userId === lonely.userId)?.role).toBe("editor");
  });

  it("accept needs a signed-in person: not nobody, not a token", async () => {
    const w = await workspaceWithOwner();
    const { url } = await w.owner.caller.invitations.create({ role: "viewer" });
    const token = await newPersonToken(services, { workspaceId: w.workspaceId, userId: w.owner.userId });
    await expect((await anonymous()).invitations.accept({ secret: secretOf(url) })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(token.caller.invitations.accept({ secret: secretOf(url) })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "sign in to the web app for this; an API token cannot do it",
    });
    expect((await (await anonymous()).invitations.preview({ secret: secretOf(url) })).role).toBe("viewer");
  });
});
