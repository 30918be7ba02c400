import { AppError, AppErrorCode } from "@interflow/flow";
import type { Db } from "../db";
import { ensureDefaultWorkspace } from "../workspaces/ensure-default-workspace";

/** Transaction-scoped advisory lock: two first sign-ups at once make one owner. */
const FIRST_OWNER_LOCK_KEY = 7_215_063_023;

/**
 * The first person of an installation owns its Default workspace and is the installation's admin. Refused (Conflict) when the
 * workspace already has an owner: someone else signed up first.
 */
export async function makeFirstOwner(db: Db, p: { userId: string }): Promise<{ workspaceId: string }> {
  const { workspaceId } = await ensureDefaultWorkspace(db);
  await db.prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${FIRST_OWNER_LOCK_KEY})`);
    const owners = await tx.workspaceMember.count({ where: { workspaceId, role: "owner", userId: { not: p.userId } } });
    if (owners > 0) throw new AppError(AppErrorCode.Conflict, "this installation already has its owner");
    await tx.workspaceMember.upsert({
      where: { workspaceId_userId: { workspaceId, userId: p.userId } },
      create: { workspaceId, userId: p.userId, role: "owner" },
      update: { role: "owner" },
    });
    await tx.user.update({ where: { id: p.userId }, data: { installationAdmin: true } });
  });
  return { workspaceId };
}
