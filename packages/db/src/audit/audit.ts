import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../db";

/** What the audit trail records (owners read it in the web app). */
export const AUDIT_ACTIONS = [
  "sign-in",
  "sign-in.failed",
  "password.change",
  "token.create",
  "token.revoke",
  "invitation.create",
  "invitation.revoke",
  "member.join",
  "member.role",
  "member.remove",
  "workspace.create",
  "workspace.update",
  "flow.create",
  "flow.import",
  "flow.publish",
  "flow.rename",
  "flow.duplicate",
  "flow.delete",
  "flow.start",
  "flow.scale",
  "flow.run",
  "flow.snapshot-reset",
  "flow.stop",
  "flow.suspend",
  "flow.resume",
  "flow.retry",
  "flow.replay",
  "flow.discard",
  "credential.create",
  "credential.update",
  "credential.rotate",
  "webhook.refused-burst",
  "flow.webhook-url.rotate",
  "credential.delete",
  "credential.verify",
  "credential.connect",
  "component.install",
  "component.uninstall",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntryInput {
  workspaceId: string;
  /** a person's email, or `token '<name>'` */
  actor: string;
  actorUserId?: string | null;
  action: AuditAction;
  target: string;
  detail?: Record<string, unknown>;
}

export interface AuditEntryRecord extends Required<Omit<AuditEntryInput, "detail">> {
  id: string;
  detail: Record<string, unknown> | null;
  at: Date;
}

export async function recordAudit(db: Db, entry: AuditEntryInput | AuditEntryInput[]): Promise<void> {
  const entries = Array.isArray(entry) ? entry : [entry];
  if (entries.length === 0) return;
  await db.prisma.auditEntry.createMany({
    data: entries.map((e) => ({
      workspaceId: e.workspaceId,
      actor: e.actor,
      actorUserId: e.actorUserId ?? null,
      action: e.action,
      target: e.target,
      detail: (e.detail ?? undefined) as Prisma.InputJsonValue | undefined,
    })),
  });
}

/**
 * A workspace's audit entries, newest first, `limit` at a time; `before` pages on (the id of the
 * previous page's last entry). An id that is not an entry of this workspace has nothing before it.
 */
export async function listAudit(db: Db, p: { workspaceId: string; limit: number; before?: string }): Promise<AuditEntryRecord[]> {
  if (p.before) {
    const cursor = await db.prisma.auditEntry.findFirst({ where: { id: p.before, workspaceId: p.workspaceId }, select: { id: true } });
    if (!cursor) return [];
  }
  // Prisma's cursor compares (at, id) in SQL: entries sharing an instant, or a millisecond (`at` has
  // microseconds, a JS Date only milliseconds), are neither skipped nor repeated between pages
  const rows = await db.prisma.auditEntry.findMany({
    where: { workspaceId: p.workspaceId },
    orderBy: [{ at: "desc" }, { id: "asc" }],
    take: p.limit,
    ...(p.before ? { cursor: { id: p.before }, skip: 1 } : {}),
  });
  return rows.map((row) => ({
    id: row.id,
    workspaceId: row.workspaceId,
    actor: row.actor,
    actorUserId: row.actorUserId,
    action: row.action as AuditAction,
    target: row.target,
    detail: (row.detail as Record<string, unknown> | null) ?? null,
    at: row.at,
  }));
}
