import { AppError, AppErrorCode } from "@interflow/flow";
import type { Db } from "../db";
import type { WorkspaceRole } from "../members/member-role";
import { hashApiToken, newSecret } from "../tokens/api-token";

/** Every invitation link's secret starts with this. */
export const INVITATION_PREFIX = "ifi_";
export const INVITATION_UNUSABLE = "this invitation link is unknown, used, revoked or expired: ask the workspace's owner for a new one";

export interface InvitationRecord {
  id: string;
  workspaceId: string;
  workspaceName: string;
  role: WorkspaceRole;
  invitedBy: { id: string; email: string; name: string };
  createdAt: Date;
  expiresAt: Date;
}

const include = { workspace: { select: { name: true } }, createdBy: { select: { id: true, email: true, name: true } } } as const;

function recordOf(row: {
  id: string;
  workspaceId: string;
  workspace: { name: string };
  role: WorkspaceRole;
  createdBy: { id: string; email: string; name: string };
  createdAt: Date;
  expiresAt: Date;
}): InvitationRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    workspaceName: row.workspace.name,
    role: row.role,
    invitedBy: row.createdBy,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

/** A new invitation; returns the secret of its link: the only time it is known. */
export async function createInvitation(
  db: Db,
  p: { workspaceId: string; role: WorkspaceRole; createdById: string; expiresAt: Date },
): Promise<{ invitation: InvitationRecord; secret: string }> {
  const secret = newSecret(INVITATION_PREFIX);
  const row = await db.prisma.invitation.create({
    data: { workspaceId: p.workspaceId, role: p.role, createdById: p.createdById, expiresAt: p.expiresAt, tokenHash: hashApiToken(secret) },
    include,
  });
  return { invitation: recordOf(row), secret };
}

const usable = (now: Date) => ({ acceptedAt: null, revokedAt: null, expiresAt: { gt: now } });

/** The invitation a link's secret opens, while it can still be accepted; else null. */
export async function findInvitation(db: Db, p: { secret: string }): Promise<InvitationRecord | null> {
  if (!p.secret.startsWith(INVITATION_PREFIX)) return null;
  const row = await db.prisma.invitation.findFirst({ where: { tokenHash: hashApiToken(p.secret), ...usable(new Date()) }, include });
  return row ? recordOf(row) : null;
}

/** A workspace's invitations that can still be accepted, newest first. */
export async function listInvitations(db: Db, p: { workspaceId: string }): Promise<InvitationRecord[]> {
  const rows = await db.prisma.invitation.findMany({
    where: { workspaceId: p.workspaceId, ...usable(new Date()) },
    include,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  return rows.map(recordOf);
}

/** The link stops working at once. */
export async function revokeInvitation(db: Db, p: { workspaceId: string; invitationId: string }): Promise<void> {
  const { count } = await db.prisma.invitation.updateMany({
    where: { id: p.invitationId, workspaceId: p.workspaceId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new AppError(AppErrorCode.NotFound, `invitation ${p.invitationId} not found, or already used or revoked`);
}

/**
 * Uses the invitation once (two people opening one link: only the first joins) and makes the
 * person a member with its role. A person who is already a member keeps their role: `memberRole`
 * is the role they have now.
 */
export async function acceptInvitation(db: Db, p: { secret: string; userId: string }): Promise<InvitationRecord & { memberRole: WorkspaceRole }> {
  return db.prisma.$transaction(async (tx) => {
    if (!p.secret.startsWith(INVITATION_PREFIX)) throw new AppError(AppErrorCode.NotFound, INVITATION_UNUSABLE);
    const now = new Date();
    const row = await tx.invitation.findFirst({ where: { tokenHash: hashApiToken(p.secret), ...usable(now) }, include });
    if (!row) throw new AppError(AppErrorCode.NotFound, INVITATION_UNUSABLE);
    const { count } = await tx.invitation.updateMany({ where: { id: row.id, acceptedAt: null }, data: { acceptedAt: now, acceptedById: p.userId } });
    if (count === 0) throw new AppError(AppErrorCode.NotFound, INVITATION_UNUSABLE);
    const member = await tx.workspaceMember.upsert({
      where: { workspaceId_userId: { workspaceId: row.workspaceId, userId: p.userId } },
      create: { workspaceId: row.workspaceId, userId: p.userId, role: row.role },
      update: {},
    });
    return { ...recordOf(row), memberRole: member.role };
  });
}
