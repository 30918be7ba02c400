import { createApiToken, createWorkspace, revokeApiToken } from "@interflow/db";
import { describe, expect, it } from "vitest";
import { WORKSPACE_COOKIE, WORKSPACE_HEADER } from "./context";
import { callerFor, newPerson, newTenant, useTestServices } from "./testing/api-fixture";

const services = useTestServices();

describe("authentication", () => {
  it("accepts the installation's admin token as a bearer header, as owner of its workspace", async () => {
    const { token, workspaceId } = await newTenant(services);
    const viaHeader = await callerFor(services, { authorization: `Bearer ${token}`, cookie: "theme=dark" });
    expect(await viaHeader.flows.list()).toEqual({ flows: [] });
    expect(await viaHeader.me.get()).toMatchObject({ user: null, workspace: { id: workspaceId, role: "owner" } });
    expect(await viaHeader.workspaces.list()).toEqual({ workspaces: [{ id: workspaceId, name: expect.any(String), role: "owner" }] });
  });

  it("refuses every procedure without a valid token or session: none, unknown, revoked or expired", async () => {
    const { workspaceId } = await newTenant(services);
    const revoked = await createApiToken(services.db, { workspaceId, name: "revoked" });
    await revokeApiToken(services.db, { workspaceId, tokenId: revoked.id });
    const expired = await createApiToken(services.db, { workspaceId, name: "expired", expiresAt: new Date(Date.now() - 1) });

    const none = await callerFor(services);
    await expect(none.flows.list()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: expect.stringContaining("sign in, or send an API token") });
    await expect(none.flows.import({ document: {} })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(none.me.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    for (const token of ["ifk_unknown", "not-even-a-token", revoked.token, expired.token]) {
      const caller = await callerFor(services, { authorization: `Bearer ${token}` });
      await expect(caller.flows.list()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "the API token is unknown, revoked or expired" });
      await expect(caller.flows.status({ id: "x" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    const forgedSession = await callerFor(services, { cookie: "better-auth.session_token=forged.value" });
    await expect(forgedSession.flows.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("a signed-in person", () => {
  it("acts in their first workspace, or the one chosen by header or cookie, with their role there", async () => {
    const first = await newTenant(services);
    const person = await newPerson(services, { workspaceId: first.workspaceId, role: "editor" });
    const second = await createWorkspace(services.db, { name: "Second workspace" });
    await services.db.prisma.workspaceMember.create({ data: { workspaceId: second.id, userId: person.userId, role: "viewer" } });

    expect(await person.caller.me.get()).toEqual({
      user: { id: person.userId, email: person.email, name: "Test Person" },
      workspace: { id: first.workspaceId, name: expect.any(String), role: "editor" },
    });
    expect((await person.caller.workspaces.list()).workspaces.map((w) => [w.id, w.role])).toEqual([
      [first.workspaceId, "editor"],
      [second.id, "viewer"],
    ]);
    const viaHeader = await callerFor(services, { cookie: person.cookie, [WORKSPACE_HEADER]: second.id });
    expect((await viaHeader.me.get()).workspace).toEqual({ id: second.id, name: "Second workspace", role: "viewer" });
    const viaCookie = await callerFor(services, { cookie: `${person.cookie}; ${WORKSPACE_COOKIE}=${second.id}` });
    expect((await viaCookie.me.get()).workspace.id).toBe(second.id);
  });

  it("is refused in a workspace they are not a member of, and after signing out", async () => {
    const own = await newTenant(services);
    const other = await newTenant(services);
    const person = await newPerson(services, { workspaceId: own.workspaceId, role: "owner" });
    const elsewhere = await callerFor(services, { cookie: person.cookie, [WORKSPACE_HEADER]: other.workspaceId });
    await expect(elsewhere.flows.list()).rejects.toMatchObject({ code: "FORBIDDEN", message: "you are not a member of this workspace" });

    await services.auth.api.signOut({ headers: new Headers({ cookie: person.cookie }) });
    const signedOut = await callerFor(services, { cookie: person.cookie });
    await expect(signedOut.flows.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
