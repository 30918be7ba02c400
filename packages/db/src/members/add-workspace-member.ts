import type { Db } from "../db";
import type { WorkspaceRole } from "./member-role";

/** Makes a person a member of a workspace with a role (or changes the role of a member). */
export async function addWorkspaceMember(db: Db, p: { workspaceId: string; userId: string; role: WorkspaceRole }): Promise<void> {
  await db.prisma.workspaceMember.upsert({
    where: { workspaceId_userId: { workspaceId: p.workspaceId, userId: p.userId } },
    create: { workspaceId: p.workspaceId, userId: p.userId, role: p.role },
    update: { role: p.role },
  });
}
