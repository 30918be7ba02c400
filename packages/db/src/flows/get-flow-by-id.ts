import type { Db } from "../db";
import { type FlowRecord, toFlowRecord } from "./flow-record";

/** For the worker, which acts on any workspace's flows: not scoped to a workspace. */
export async function getFlowById(db: Db, p: { flowId: string }): Promise<(FlowRecord & { workspaceLimited: boolean }) | null> {
  const row = await db.prisma.flow.findUnique({
    where: { id: p.flowId },
    include: { currentVersion: true, workspace: { select: { limited: true } } },
  });
  return row ? { ...toFlowRecord(row), workspaceLimited: row.workspace.limited } : null;
}
