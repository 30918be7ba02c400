import { AppError, AppErrorCode } from "@interflow/flow";
import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../db";
import type { WorkspaceRole } from "./member-role";

export interface MemberRecord {
  userId: string;
  email: string;
  name: string;
  role: WorkspaceRole;
  joinedAt: Date;
}

export const LAST_OWNER = "a workspace needs an owner: make someone else owner first";

/** A workspace's members, owners first, then by when they joined. */
export async function listMembers(db: Db, p: { workspaceId: string }): Promise<MemberRecord[]> {
  const rows = await db.prisma.workspaceMember.findMany({
    where: { workspaceId: p.workspaceId },
    include: { user: { select: { email: true, name: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const order: Record<WorkspaceRole, number> = { owner: 0, editor: 1, viewer: 2 };
  return rows
    .map((row) => ({ userId: row.userId, email: row.user.email, name: row.user.name, role: row.role, joinedAt: row.createdAt }))
    .sort((a, b) => order[a.role] - order[b.role]);
}

/**
 * Runs `change` on one member with the workspace row locked, so two owners demoting each other at
 * the same moment cannot leave the workspace without one.
 */
async function changeMember<T>(
  db: Db,
  p: { workspaceId: string; userId: string },
  change: (tx: Prisma.TransactionClient, member: { id: string; role: WorkspaceRole; email: string }) => Promise<T>,
): Promise<T> {
  return db.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Workspace" WHERE id = ${p.workspaceId} FOR UPDATE`;
    const member = await tx.workspaceMember.findUnique({
      where: { workspaceId_userId: { workspaceId: p.workspaceId, userId: p.userId } },
      include: { user: { select: { email: true } } },
    });
    if (!member) throw new AppError(AppErrorCode.NotFound, `member ${p.userId} not found in this workspace`);
    return change(tx, { id: member.id, role: member.role, email: member.user.email });
  });
}

async function refuseLastOwner(tx: Prisma.TransactionClient, workspaceId: string, member: { role: WorkspaceRole }): Promise<void> {
  if (member.role !== "owner") return;
  const owners = await tx.workspaceMember.count({ where: { workspaceId, role: "owner" } });
  if (owners <= 1) throw new AppError(AppErrorCode.Conflict, LAST_OWNER);
}

/** Gives a member another role; the last owner stays owner. Returns the role before and the member's email. */
export async function setMemberRole(
  db: Db,
  p: { workspaceId: string; userId: string; role: WorkspaceRole },
): Promise<{ previous: WorkspaceRole; email: string }> {
  return changeMember(db, p, async (tx, member) => {
    if (member.role !== p.role) {
      if (p.role !== "owner") await refuseLastOwner(tx, p.workspaceId, member);
      await tx.workspaceMember.update({ where: { id: member.id }, data: { role: p.role } });
    }
    return { previous: member.role, email: member.email };
  });
}

/** Removes a member (and their tokens of this workspace stop working); the last owner stays. */
export async function removeMember(db: Db, p: { workspaceId: string; userId: string }): Promise<{ email: string }> {
  return changeMember(db, p, async (tx, member) => {
    await refuseLastOwner(tx, p.workspaceId, member);
    await tx.workspaceMember.delete({ where: { id: member.id } });
    await tx.apiToken.updateMany({ where: { workspaceId: p.workspaceId, userId: p.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    return { email: member.email };
  });
}
