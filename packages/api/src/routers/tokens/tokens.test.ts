import { hashApiToken } from "@interflow/db";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { createContext } from "../../context";
import { callerFor, newPerson, newTenant, takeControlCommands, useTestServices, webhookFlow } from "../../testing/api-fixture";
import { appRouter } from "../app";

const services = useTestServices();
const DAY_MS = 86_400_000;
const REFUSED = { code: "UNAUTHORIZED", message: "the API token is unknown, revoked or expired" };

const bearer = (token: string) => callerFor(services, { authorization: `Bearer ${token}` });

/** A query over tRPC's HTTP protocol, as the CLI sends it. */
async function getOverHttp(path: string, token: string): Promise<{ status: number; body: any }> {
  const req = new Request(`http://localhost:3000/api/trpc/${path}`, { headers: { authorization: `Bearer ${token}` } });
  const res = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => createContext({ services, headers: req.headers }) });
  return { status: res.status, body: await res.json() };
}

async function workspaceWithPeople() {
  const tenant = await newTenant(services);
  const owner = await newPerson(services, { workspaceId: tenant.workspaceId, role: "owner" });
  const editor = await newPerson(services, { workspaceId: tenant.workspaceId, role: "editor" });
  return { ...tenant, owner, editor };
}

describe("tokens", () => {
  it("are shown once: never in tokens.list, and only their sha256 is in the database", async () => {
    const w = await workspaceWithPeople();
    const created = await w.editor.caller.tokens.create({ name: "laptop CLI" });
    expect(created).toEqual({
      id: expect.any(String),
      name: "laptop CLI",
      owner: { id: w.editor.userId, email: w.editor.email },
      createdAt: expect.any(Date),
      lastUsedAt: null,
      expiresAt: expect.any(Date),
      revokedAt: null,
      token: expect.stringMatching(/^ifk_[A-Za-z0-9_-]{43}$/),
    });
    // 90 days unless asked otherwise
    expect(Math.abs((created.expiresAt?.getTime() ?? 0) - (Date.now() + 90 * DAY_MS))).toBeLessThan(60_000);
    const secret = created.token.slice("ifk_".length);

    for (const list of [await w.editor.caller.tokens.list(), await w.owner.caller.tokens.list(), await (await bearer(created.token)).tokens.list()]) {
      expect(list.tokens.find((t) => t.id === created.id)).not.toHaveProperty("token");
      expect(JSON.stringify(list)).not.toContain(secret);
    }
    const row = await services.db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(hashApiToken(created.token));
    expect(JSON.stringify(row)).not.toContain(secret);
    const rows = await services.db.prisma.$queryRaw<unknown[]>`SELECT * FROM "ApiToken" WHERE "workspaceId" = ${w.workspaceId}`;
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it("act as their person, with the person's role; the list shows when they were last used", async () => {
    const w = await workspaceWithPeople();
    const { id, token } = await w.editor.caller.tokens.create({ name: "ci", expiresInDays: null });
    const caller = await bearer(token);
    expect((await caller.me.get()).workspace).toEqual({ id: w.workspaceId, name: expect.any(String), role: "editor" });
    const flow = await caller.flows.import({ document: webhookFlow() });
    await expect(caller.members.remove({ userId: w.owner.userId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // the audit trail and the flow's history name the person behind the token
    await caller.flows.start({ id: flow.id });
    const entry = (await w.owner.caller.audit.list()).entries.find((e) => e.action === "flow.start");
    expect(entry).toMatchObject({ actor: `token 'ci' of ${w.editor.email}`, target: "Orders to CRM" });
    const listed = (await w.editor.caller.tokens.list()).tokens.find((t) => t.id === id);
    expect(listed).toMatchObject({ expiresAt: null, revokedAt: null, lastUsedAt: expect.any(Date) });
    await takeControlCommands(services, flow.id);
  });

  it("refuse expired and revoked tokens with UNAUTHORIZED, over HTTP too (401)", async () => {
    const w = await workspaceWithPeople();
    const expiring = await w.editor.caller.tokens.create({ name: "expiring" });
    const revoked = await w.editor.caller.tokens.create({ name: "revoked" });
    expect((await getOverHttp("flows.list", expiring.token)).status).toBe(200);

    await services.db.prisma.apiToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await w.editor.caller.tokens.revoke({ id: revoked.id })).toEqual({ id: revoked.id });
    for (const token of [expiring.token, revoked.token]) {
      await expect((await bearer(token)).flows.list()).rejects.toMatchObject(REFUSED);
      await expect((await bearer(token)).tokens.create({ name: "another" })).rejects.toMatchObject(REFUSED);
      const http = await getOverHttp("flows.list", token);
      expect(http.status).toBe(401);
      expect(http.body.error).toMatchObject({ message: REFUSED.message, data: { code: "UNAUTHORIZED", httpStatus: 401 } });
    }
    const listed = (await w.editor.caller.tokens.list()).tokens.find((t) => t.id === revoked.id);
    expect(listed?.revokedAt).toBeInstanceOf(Date);
    // revoking twice is harmless
    expect(await w.editor.caller.tokens.revoke({ id: revoked.id })).toEqual({ id: revoked.id });
  });

  it("an editor or viewer lists and revokes only their own; someone else's is NOT_FOUND", async () => {
    const w = await workspaceWithPeople();
    const viewer = await newPerson(services, { workspaceId: w.workspaceId, role: "viewer" });
    const ownerToken = await w.owner.caller.tokens.create({ name: "owner's" });
    const editorToken = await w.editor.caller.tokens.create({ name: "editor's" });
    const viewerToken = await viewer.caller.tokens.create({ name: "viewer's" });

    expect((await w.editor.caller.tokens.list()).tokens.map((t) => t.id)).toEqual([editorToken.id]);
    expect((await viewer.caller.tokens.list()).tokens.map((t) => t.id)).toEqual([viewerToken.id]);
    for (const [caller, other] of [
      [w.editor.caller, ownerToken.id],
      [w.editor.caller, viewerToken.id],
      [w.editor.caller, w.tokenId],
      [viewer.caller, editorToken.id],
    ] as const) {
      await expect(caller.tokens.revoke({ id: other })).rejects.toMatchObject({ code: "NOT_FOUND", message: `token ${other} not found` });
    }
    // their token, used as a bearer, is no more powerful
    await expect((await bearer(editorToken.token)).tokens.revoke({ id: ownerToken.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await (await bearer(ownerToken.token)).me.get()).workspace.role).toBe("owner");
  });

  it("an owner lists everybody's, the admin token included, and revokes anybody's", async () => {
    const w = await workspaceWithPeople();
    const editorToken = await w.editor.caller.tokens.create({ name: "editor's" });
    const listed = (await w.owner.caller.tokens.list()).tokens;
    expect(listed.map((t) => [t.id, t.owner?.email ?? null]).sort()).toEqual(
      [
        [editorToken.id, w.editor.email],
        [w.tokenId, null],
      ].sort(),
    );
    expect(await w.owner.caller.tokens.revoke({ id: editorToken.id })).toEqual({ id: editorToken.id });
    await expect((await bearer(editorToken.token)).flows.list()).rejects.toMatchObject(REFUSED);
    // the admin token (no person behind it) is owner: it sees everybody's, but cannot make tokens
    expect((await w.caller.tokens.list()).tokens.map((t) => t.id).sort()).toEqual([editorToken.id, w.tokenId].sort());
    const cannotMint = { code: "FORBIDDEN", message: expect.stringContaining("a token cannot create tokens") };
    await expect(w.caller.tokens.create({ name: "x" })).rejects.toMatchObject(cannotMint);
    // nor can a person's token: a token minting tokens would outlive its own expiry and revocation
    const personal = await w.owner.caller.tokens.create({ name: "owner laptop", expiresInDays: 1 });
    await expect((await bearer(personal.token)).tokens.create({ name: "forever", expiresInDays: null })).rejects.toMatchObject(cannotMint);
  });

  // a caller's context is resolved once per request, as over HTTP: each step below is a new request
  it("follow their person's role as it changes", async () => {
    const w = await workspaceWithPeople();
    const { token } = await w.editor.caller.tokens.create({ name: "ci" });
    expect(await (await bearer(token)).flows.import({ document: webhookFlow() })).toMatchObject({ version: 1 });

    await w.owner.caller.members.setRole({ userId: w.editor.userId, role: "viewer" });
    await expect((await bearer(token)).flows.import({ document: webhookFlow() })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await (await bearer(token)).me.get()).workspace.role).toBe("viewer");

    await w.owner.caller.members.setRole({ userId: w.editor.userId, role: "owner" });
    expect((await (await bearer(token)).audit.list()).entries.length).toBeGreaterThan(0);
    expect((await (await bearer(token)).me.get()).workspace.role).toBe("owner");
  });

  it("die with the membership: a removed member's tokens are refused, and stay revoked if they come back", async () => {
    const w = await workspaceWithPeople();
    const { id, token } = await w.editor.caller.tokens.create({ name: "ci" });
    await (await bearer(token)).flows.list();

    await w.owner.caller.members.remove({ userId: w.editor.userId });
    await expect((await bearer(token)).flows.list()).rejects.toMatchObject(REFUSED);
    expect((await w.owner.caller.tokens.list()).tokens.find((t) => t.id === id)?.revokedAt).toBeInstanceOf(Date);

    await services.db.prisma.workspaceMember.create({ data: { workspaceId: w.workspaceId, userId: w.editor.userId, role: "editor" } });
    await expect((await bearer(token)).flows.list()).rejects.toMatchObject(REFUSED);
  });

  it("refuse bad input, naming the field", async () => {
    const w = await workspaceWithPeople();
    await expect(w.editor.caller.tokens.create({ name: "  " })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("name: ") });
    await expect(w.editor.caller.tokens.create({ name: "x", expiresInDays: 0 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("expiresInDays: at least 1"),
    });
    await expect(w.editor.caller.tokens.revoke({ id: "missing" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
