import { describe, expect, it } from "vitest";
import { listMemberships } from "../members/list-memberships";
import { LAST_OWNER, listMembers, removeMember, setMemberRole } from "../members/workspace-members";
import { newWorkspace, useTestDb } from "../testing/test-db";
import { createApiToken } from "../tokens/create-api-token";
import { findTokenWorkspace } from "../tokens/find-token-workspace";
import { addWorkspaceMember } from "../members/add-workspace-member";
import { acceptInvitation, createInvitation, findInvitation, INVITATION_UNUSABLE, listInvitations, revokeInvitation } from "./invitations";

const db = useTestDb();
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000);

async function newUser(): Promise<string> {
  const id = `user-${Math.random().toString(36).slice(2, 10)}`;
  await db.prisma.user.create({ data: { id, name: "Ada", email: `${id}@example.test` } });
  return id;
}

async function ownedWorkspace() {
  const workspaceId = await newWorkspace(db);
  const ownerId = await newUser();
  await addWorkspaceMember(db, { workspaceId, userId: ownerId, role: "owner" });
  return { workspaceId, ownerId };
}

describe("invitations", () => {
  it("make whoever opens the link first a member with the invitation's role, once", async () => {
    const { workspaceId, ownerId } = await ownedWorkspace();
    const { invitation, secret } = await createInvitation(db, { workspaceId, role: "editor", createdById: ownerId, expiresAt: inAWeek() });
    expect(secret).toMatch(/^ifi_/);
    expect(await db.prisma.invitation.count({ where: { tokenHash: secret } })).toBe(0);
    expect((await findInvitation(db, { secret }))?.invitedBy.id).toBe(ownerId);
    expect((await listInvitations(db, { workspaceId })).map((i) => i.id)).toEqual([invitation.id]);

    const [first, second] = [await newUser(), await newUser()];
    const results = await Promise.allSettled([acceptInvitation(db, { secret, userId: first }), acceptInvitation(db, { secret, userId: second })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { message: INVITATION_UNUSABLE } });
    const members = await listMembers(db, { workspaceId });
    expect(members.map((m) => m.role)).toEqual(["owner", "editor"]);
    expect(await findInvitation(db, { secret })).toBeNull();
    expect(await listInvitations(db, { workspaceId })).toEqual([]);
  });

  it("refuse a revoked or expired link, and a member keeps their role", async () => {
    const { workspaceId, ownerId } = await ownedWorkspace();
    const revoked = await createInvitation(db, { workspaceId, role: "viewer", createdById: ownerId, expiresAt: inAWeek() });
    await revokeInvitation(db, { workspaceId, invitationId: revoked.invitation.id });
    await expect(acceptInvitation(db, { secret: revoked.secret, userId: await newUser() })).rejects.toThrow(INVITATION_UNUSABLE);
    const expired = await createInvitation(db, { workspaceId, role: "viewer", createdById: ownerId, expiresAt: new Date(Date.now() - 1000) });
    await expect(acceptInvitation(db, { secret: expired.secret, userId: await newUser() })).rejects.toThrow(INVITATION_UNUSABLE);
    const again = await createInvitation(db, { workspaceId, role: "viewer", createdById: ownerId, expiresAt: inAWeek() });
    expect(await acceptInvitation(db, { secret: again.secret, userId: ownerId })).toMatchObject({ role: "viewer", memberRole: "owner" });
    expect(await listMemberships(db, { userId: ownerId })).toEqual([expect.objectContaining({ workspaceId, role: "owner" })]);
    await expect(revokeInvitation(db, { workspaceId: await newWorkspace(db), invitationId: again.invitation.id })).rejects.toThrow(/not found/);
  });
});

describe("member roles", () => {
  it("never leave a workspace without an owner, even when two owners demote each other at once", async () => {
    const { workspaceId, ownerId } = await ownedWorkspace();
    await expect(setMemberRole(db, { workspaceId, userId: ownerId, role: "editor" })).rejects.toThrow(LAST_OWNER);
    await expect(removeMember(db, { workspaceId, userId: ownerId })).rejects.toThrow(LAST_OWNER);
    const other = await newUser();
    await addWorkspaceMember(db, { workspaceId, userId: other, role: "owner" });
    await Promise.allSettled([
      setMemberRole(db, { workspaceId, userId: ownerId, role: "viewer" }),
      setMemberRole(db, { workspaceId, userId: other, role: "viewer" }),
    ]);
    expect((await listMembers(db, { workspaceId })).filter((m) => m.role === "owner")).toHaveLength(1);
  });

  it("a person's token acts with their current role, and stops when they are removed", async () => {
    const { workspaceId } = await ownedWorkspace();
    const userId = await newUser();
    await addWorkspaceMember(db, { workspaceId, userId, role: "editor" });
    const { token } = await createApiToken(db, { workspaceId, userId, name: "laptop" });
    expect(await findTokenWorkspace(db, { token })).toMatchObject({ workspaceId, role: "editor", user: { id: userId } });
    await setMemberRole(db, { workspaceId, userId, role: "viewer" });
    expect(await findTokenWorkspace(db, { token })).toMatchObject({ role: "viewer" });
    await removeMember(db, { workspaceId, userId });
    expect(await findTokenWorkspace(db, { token })).toBeNull();
  });
});
