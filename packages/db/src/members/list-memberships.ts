import type { Db } from "../db";
import type { WorkspaceRole } from "./member-role";

export interface Membership {
  workspaceId: string;
  workspaceName: string;
  role: WorkspaceRole;
}

/** The workspaces a person belongs to, the one joined first first. */
export async function listMemberships(db: Db, p: { userId: string }): Promise<Membership[]> {
  const rows = await db.prisma.workspaceMember.findMany({
    where: { userId: p.userId },
    include: { workspace: { select: { name: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({ workspaceId: row.workspaceId, workspaceName: row.workspace.name, role: row.role }));
}
