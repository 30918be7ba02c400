import type { Db } from "../db";
import { ensureDefaultWorkspace } from "../workspaces/ensure-default-workspace";

/** The first person of an installation owns its Default workspace. */
export async function makeFirstOwner(db: Db, p: { userId: string }): Promise<{ workspaceId: string }> {
  const { workspaceId } = await ensureDefaultWorkspace(db);
  await db.prisma.workspaceMember.upsert({
    where: { workspaceId_userId: { workspaceId, userId: p.userId } },
    create: { workspaceId, userId: p.userId, role: "owner" },
    update: { role: "owner" },
  });
  return { workspaceId };
}
