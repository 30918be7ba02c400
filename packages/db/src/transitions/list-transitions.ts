import { AppError, AppErrorCode } from "@interflow/flow";
import type { Db } from "../db";
import { type FlowTransitionRecord, toTransitionRecord } from "./transition-record";

const DEFAULT_LIMIT = 50;

/** The flow's transitions, newest first; NotFound when the flow is not in the workspace. */
export async function listTransitions(db: Db, p: { workspaceId: string; flowId: string; limit?: number }): Promise<FlowTransitionRecord[]> {
  const flow = await db.prisma.flow.findFirst({ where: { id: p.flowId, workspaceId: p.workspaceId }, select: { id: true } });
  if (!flow) throw new AppError(AppErrorCode.NotFound, `flow ${p.flowId} not found`);
  const rows = await db.prisma.flowTransition.findMany({
    where: { flowId: p.flowId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: p.limit ?? DEFAULT_LIMIT,
  });
  return rows.map(toTransitionRecord);
}
