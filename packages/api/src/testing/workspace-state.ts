import { getWorkspace, listApiTokens, listInvitations, listMembers } from "@interflow/db";
import type { ApiServices } from "../services";

/**
 * Everything about a workspace that a procedure could change, read straight from the database:
 * compare it before and after to prove a call changed nothing.
 */
export async function workspaceStateOf(services: ApiServices, workspaceId: string) {
  const { db } = services;
  return {
    workspace: await getWorkspace(db, { workspaceId }),
    members: await listMembers(db, { workspaceId }),
    // lastUsedAt moves whenever a token is used; everything else about it must stay
    tokens: (await listApiTokens(db, { workspaceId })).map(({ lastUsedAt: _, ...token }) => token),
    invitations: await listInvitations(db, { workspaceId }),
    flows: await db.prisma.flow.findMany({
      where: { workspaceId },
      include: { versions: { orderBy: { version: "asc" } }, transitions: { orderBy: { at: "asc" } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    // with the sealed secrets: a secret replaced or re-sealed shows up here
    credentials: await db.prisma.credential.findMany({ where: { workspaceId }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
    components: await db.prisma.installedComponent.findMany({ where: { workspaceId }, orderBy: { name: "asc" } }),
    audit: await db.prisma.auditEntry.findMany({ where: { workspaceId }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
    // a failed message retried or discarded shows up here; an execution replayed or written anew too
    executions: await db.prisma.execution.findMany({ where: { workspaceId }, orderBy: [{ startedAt: "asc" }, { id: "asc" }] }),
    failedMessages: await db.prisma.failedMessage.findMany({ where: { workspaceId }, orderBy: [{ failedAt: "asc" }, { id: "asc" }] }),
  };
}
export type WorkspaceState = Awaited<ReturnType<typeof workspaceStateOf>>;
