import type { Db } from "../db";
import { type FlowRecord, toFlowRecord, withCurrentVersion } from "./flow-record";

/** The workspace's flows, oldest first. */
export async function listFlows(db: Db, p: { workspaceId: string }): Promise<FlowRecord[]> {
  const rows = await db.prisma.flow.findMany({
    where: { workspaceId: p.workspaceId },
    include: withCurrentVersion,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toFlowRecord);
}
