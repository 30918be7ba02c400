import { describe, expect, it } from "vitest";
import { hasAnyUser } from "../accounts/has-any-user";
import { newWorkspace, useTestDb } from "../testing/test-db";
import { addWorkspaceMember } from "./add-workspace-member";
import { listMemberships } from "./list-memberships";

const db = useTestDb();

async function newUser(): Promise<string> {
  const id = `user-${Math.random().toString(36).slice(2, 10)}`;
  await db.prisma.user.create({ data: { id, name: "Ada", email: `${id}@example.test` } });
  return id;
}

describe("workspace members", () => {
  it("belong to several workspaces with one role each, listed in the order they joined", async () => {
    const userId = await newUser();
    const a = await newWorkspace(db);
    const b = await newWorkspace(db);
    await addWorkspaceMember(db, { workspaceId: a, userId, role: "viewer" });
    await addWorkspaceMember(db, { workspaceId: b, userId, role: "editor" });
    await addWorkspaceMember(db, { workspaceId: a, userId, role: "owner" });
    const memberships = await listMemberships(db, { userId });
    expect(memberships.map((m) => [m.workspaceId, m.role])).toEqual([
      [a, "owner"],
      [b, "editor"],
    ]);
    expect(await db.prisma.workspaceMember.count({ where: { userId } })).toBe(2);
    expect(await hasAnyUser(db)).toBe(true);
  });
});
