import { type Db, type FlowRecord, getFlowById } from "@interflow/db";
import { AppError, AppErrorCode } from "@interflow/flow";

/**
 * The flow, if it belongs to the caller's workspace. A flow of another workspace is reported
 * exactly like a missing one, so ids of other workspaces reveal nothing.
 */
export async function requireFlow(db: Db, p: { workspaceId: string; flowId: string }): Promise<FlowRecord & { workspaceLimited: boolean }> {
  const flow = await getFlowById(db, { flowId: p.flowId });
  if (!flow || flow.workspaceId !== p.workspaceId) throw new AppError(AppErrorCode.NotFound, `flow ${p.flowId} not found`);
  return flow;
}
