import type { Db } from "../db";
import { type FlowRecord, toFlowRecord, withCurrentVersion } from "./flow-record";

/** The flow if it belongs to the workspace; a flow of another workspace is null, as if it did not exist. */
export async function getFlow(db: Db, p: { workspaceId: string; flowId: string }): Promise<FlowRecord | null> {
  const row = await db.prisma.flow.findFirst({ where: { id: p.flowId, workspaceId: p.workspaceId }, include: withCurrentVersion });
  return row ? toFlowRecord(row) : null;
}
