import { AppError, AppErrorCode, type FlowDocument } from "@interflow/flow";
import type { Db } from "../db";

export interface FlowVersionSummary {
  version: number;
  createdAt: Date;
  author: string | null;
  /** the version the flow runs and exports */
  current: boolean;
}

async function requireFlowOf(db: Db, p: { workspaceId: string; flowId: string }): Promise<{ currentVersionId: string | null }> {
  const flow = await db.prisma.flow.findFirst({ where: { id: p.flowId, workspaceId: p.workspaceId }, select: { currentVersionId: true } });
  if (!flow) throw new AppError(AppErrorCode.NotFound, `flow ${p.flowId} not found`);
  return flow;
}

/** Every version of the workspace's flow, newest first. */
export async function listFlowVersions(db: Db, p: { workspaceId: string; flowId: string }): Promise<FlowVersionSummary[]> {
  const flow = await requireFlowOf(db, p);
  const rows = await db.prisma.flowVersion.findMany({
    where: { flowId: p.flowId },
    select: { id: true, version: true, createdAt: true, author: true },
    orderBy: { version: "desc" },
  });
  return rows.map((row) => ({ version: row.version, createdAt: row.createdAt, author: row.author, current: row.id === flow.currentVersionId }));
}

/** One version of the workspace's flow with its document. */
export async function getFlowVersion(
  db: Db,
  p: { workspaceId: string; flowId: string; version: number },
): Promise<FlowVersionSummary & { document: FlowDocument }> {
  const flow = await requireFlowOf(db, p);
  const row = await db.prisma.flowVersion.findUnique({ where: { flowId_version: { flowId: p.flowId, version: p.version } } });
  if (!row) throw new AppError(AppErrorCode.NotFound, `flow ${p.flowId} has no version ${p.version}`);
  return {
    version: row.version,
    createdAt: row.createdAt,
    author: row.author,
    current: row.id === flow.currentVersionId,
    // validated before it was stored; versions are immutable
    document: row.document as unknown as FlowDocument,
  };
}

/** Deletes a stopped flow with its versions and history; a flow in any other state is refused. */
export async function deleteFlow(db: Db, p: { workspaceId: string; flowId: string }): Promise<{ name: string }> {
  return db.prisma.$transaction(async (tx) => {
    const [flow] = await tx.$queryRaw<Array<{ name: string; state: string }>>`
      SELECT name, state::text AS state FROM "Flow" WHERE id = ${p.flowId} AND "workspaceId" = ${p.workspaceId} FOR UPDATE`;
    if (!flow) throw new AppError(AppErrorCode.NotFound, `flow ${p.flowId} not found`);
    if (flow.state !== "stopped") throw new AppError(AppErrorCode.Conflict, `the flow is ${flow.state}: stop it before deleting it`);
    await tx.flow.update({ where: { id: p.flowId }, data: { currentVersionId: null } });
    await tx.flow.delete({ where: { id: p.flowId } });
    return { name: flow.name };
  });
}
