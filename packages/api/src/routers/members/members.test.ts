import { LAST_OWNER } from "@interflow/db";
import { describe, expect, it } from "vitest";
import { callerFor, newPerson, newPersonToken, newTenant, useTestServices } from "../../testing/api-fixture";

const services = useTestServices();
const LAST_OWNER_REFUSED = { code: "CONFLICT", message: LAST_OWNER };

async function workspaceWithPeople() {
  const tenant = await newTenant(services);
  const owner = await newPerson(services, { workspaceId: tenant.workspaceId, role: "owner" });
  const editor = await newPerson(services, { workspaceId: tenant.workspaceId, role: "editor" });
  const viewer = await newPerson(services, { workspaceId: tenant.workspaceId, role: "viewer" });
  return { ...tenant, owner, editor, viewer };
}

const auditOf = async (caller: { audit: { list: () => Promise<{ entries: Array<{ action: string; actor: string; target: string; detail: unknown }> }> } }) =>
  (await caller.audit.list()).entries.filter((e) => e.action.startsWith("member."));

describe("members", () => {
  it("every member sees who is in the workspace, owners first", async () => {
    const w = await workspaceWithPeople();
    const expected = [
      { userId: w.owner.userId, email: w.owner.email, name: "Test Person", role: "owner", joinedAt: expect.any(Date) },
      { userId: w.editor.userId, email: w.editor.email, name: "Test Person", role: "editor", joinedAt: expect.any(Date) },
      { userId: w.viewer.userId, email: w.viewer.email, name: "Test Person", role: "viewer", joinedAt: expect.any(Date) },
    ];
    for (const caller of [w.owner.caller, w.editor.caller, w.viewer.caller]) expect((await caller.members.list()).members).toEqual(expected);
  });

  it("an owner changes a role: the person's next request has it, and the audit trail says from what to what", async () => {
    const w = await workspaceWithPeople();
    expect(await w.owner.caller.members.setRole({ userId: w.viewer.userId, role: "editor" })).toEqual({ userId: w.viewer.userId, role: "editor" });
    expect((await (await callerFor(services, { cookie: w.viewer.cookie })).me.get()).workspace.role).toBe("editor");
    // the same role again changes nothing and is not audited
    await w.owner.caller.members.setRole({ userId: w.viewer.userId, role: "editor" });
    expect(await auditOf(w.owner.caller)).toEqual([
      expect.objectContaining({ action: "member.role", actor: w.owner.email, target: w.viewer.email, detail: { from: "viewer", to: "editor" } }),
    ]);
    await expect(w.owner.caller.members.setRole({ userId: "nobody", role: "editor" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(w.owner.caller.members.setRole({ userId: w.viewer.userId, role: "admin" as "owner" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("role: one of owner, editor, viewer"),
    });
  });

  it("an owner removes a member: their session no longer reaches the workspace, their tokens die", async () => {
    const w = await workspaceWithPeople();
    const token = await newPersonToken(services, { workspaceId: w.workspaceId, userId: w.editor.userId });
    expect(await w.owner.caller.members.remove({ userId: w.editor.userId })).toEqual({ userId: w.editor.userId });

    expect((await w.owner.caller.members.list()).members.map((m) => m.userId)).toEqual([w.owner.userId, w.viewer.userId]);
    const removed = await callerFor(services, { cookie: w.editor.cookie });
    await expect(removed.flows.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const withHeader = await callerFor(services, { cookie: w.editor.cookie, "x-interflow-workspace": w.workspaceId });
    await expect(withHeader.flows.list()).rejects.toMatchObject({ code: "FORBIDDEN", message: "you are not a member of this workspace" });
    await expect((await callerFor(services, { authorization: `Bearer ${token.token}` })).flows.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await auditOf(w.owner.caller)).toEqual([expect.objectContaining({ action: "member.remove", actor: w.owner.email, target: w.editor.email })]);
    await expect(w.owner.caller.members.remove({ userId: w.editor.userId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("the last owner can neither step down nor be removed; with two, one may go", async () => {
    const w = await workspaceWithPeople();
    await expect(w.owner.caller.members.setRole({ userId: w.owner.userId, role: "editor" })).rejects.toMatchObject(LAST_OWNER_REFUSED);
    await expect(w.owner.caller.members.remove({ userId: w.owner.userId })).rejects.toMatchObject(LAST_OWNER_REFUSED);
    // the admin token is owner too, but not a member: it cannot remove the last owner either
    await expect(w.caller.members.remove({ userId: w.owner.userId })).rejects.toMatchObject(LAST_OWNER_REFUSED);

    await w.owner.caller.members.setRole({ userId: w.editor.userId, role: "owner" });
    expect(await w.owner.caller.members.setRole({ userId: w.owner.userId, role: "viewer" })).toEqual({ userId: w.owner.userId, role: "viewer" });
    const newOwner = await callerFor(services, { cookie: w.editor.cookie });
    await expect(newOwner.members.remove({ userId: w.editor.userId })).rejects.toMatchObject(LAST_OWNER_REFUSED);
    expect((await newOwner.members.list()).members.filter((m) => m.role === "owner").map((m) => m.userId)).toEqual([w.editor.userId]);
  });

  it("two owners demoting each other at once leave one owner", async () => {
    const w = await workspaceWithPeople();
    await w.owner.caller.members.setRole({ userId: w.editor.userId, role: "owner" });
    const other = await callerFor(services, { cookie: w.editor.cookie });
    const results = await Promise.allSettled([
      w.owner.caller.members.setRole({ userId: w.editor.userId, role: "viewer" }),
      other.members.remove({ userId: w.owner.userId }),
    ]);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason)).toEqual([expect.objectContaining(LAST_OWNER_REFUSED)]);
    expect((await w.caller.members.list()).members.filter((m) => m.role === "owner")).toHaveLength(1);
  });

  it("an owner leaves in the web app, not with their own token", async () => {
    const w = await workspaceWithPeople();
    await w.owner.caller.members.setRole({ userId: w.editor.userId, role: "owner" });
    const token = await newPersonToken(services, { workspaceId: w.workspaceId, userId: w.owner.userId });
    await expect(token.caller.members.remove({ userId: w.owner.userId })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^userId: /) });
    expect(await w.owner.caller.members.remove({ userId: w.owner.userId })).toEqual({ userId: w.owner.userId });
    await expect((await callerFor(services, { cookie: w.owner.cookie })).me.get()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
